package socketlab.threaded;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import socketlab.TimeLimit;
import socketlab.Args;

/**
 * Exercise M2: the uppercase service on a bounded pool of threads, with a graceful shutdown.
 *
 * <p>M1 starts a thread for every client, so a thousand clients cost a thousand threads. Here a fixed
 * number of worker threads (an {@link ExecutorService}) serve the connections. A connection that
 * arrives while every worker is busy <b>waits</b>: it is accepted and queued, and a worker takes it as
 * soon as one is free (the client sees a slow reply, never a refusal). So that one client cannot keep a
 * worker forever, each line gets {@code idleTimeoutMillis}: to arrive, and for its reply to be taken. A
 * client that is silent, sends a byte now and then, or does not read its replies is disconnected.
 *
 * <p>{@link #close()} shuts down gracefully: no new connections, conversations in progress may finish
 * for up to {@link #SHUTDOWN_GRACE_MILLIS}, then whatever is left is cut, and no thread stays behind.
 *
 * <pre>
 *   java -cp lab-threaded/target/classes socketlab.threaded.PooledTCPServer [port [threads]]   (12000 and 4 if not given)
 * </pre>
 */
public class PooledTCPServer implements Closeable {

    public static final int DEFAULT_PORT = 12000;
    public static final int DEFAULT_POOL_SIZE = 4;
    /** How long a worker waits for one line and for its reply to be taken before it lets go of the client. */
    public static final int DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
    /** How long {@link #close()} lets conversations in progress finish before cutting them. */
    public static final int SHUTDOWN_GRACE_MILLIS = 3000;
    public static final int BACKLOG = 1000;
    /** The longest line a worker reads, in bytes: a longer one ends the connection as soon as it is longer. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    private final ServerSocket serverSocket;
    private final ExecutorService pool;
    private final int idleTimeoutMillis;
    /** The connections being served, so that close() can cut the ones that outstay the grace period. */
    private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();

    /** Opens the welcoming socket on {@code port} (0: any free port) with {@code poolSize} worker threads. */
    public PooledTCPServer(int port, int poolSize, int idleTimeoutMillis) throws IOException {
        this.idleTimeoutMillis = idleTimeoutMillis;
        serverSocket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
        // Step 1: create the pool: a fixed number of worker threads, poolSize of them. Connections beyond
        // that wait in the pool's queue until a worker is free.
        pool = Executors.newFixedThreadPool(poolSize);
        // Skeleton: pool = todo(1);
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Accepts clients and gives each connection to the pool, until {@link #close()}. */
    public void serve() throws IOException {
        while (true) {
            Socket connectionSocket = serverSocket.accept();
            openConnections.add(connectionSocket);
            try {
                // Step 2: give the connection to the pool: execute a task that runs serveClient(connectionSocket).
                // execute() returns at once; a worker runs the task now, or later if all of them are busy.
                // (submit() would do too, but it hides any exception the task throws in a Future nobody reads.)
                pool.execute(() -> serveClient(connectionSocket));
                // End of step 2.
            } catch (RejectedExecutionException shuttingDown) {
                connectionSocket.close(); // accepted just as close() began: the pool takes no more work
                openConnections.remove(connectionSocket);
                return;
            }
        }
    }

    /** One client's conversation, on a worker thread: every line answered in upper case, until the client closes. */
    void serveClient(Socket connectionSocket) {
        try (connectionSocket) {
            InputStream fromClient = new BufferedInputStream(connectionSocket.getInputStream());
            OutputStream toClient = connectionSocket.getOutputStream();
            while (true) {
                // Step 3: give this line idleTimeoutMillis -- to arrive, and for its reply to be taken -- with a
                // TimeLimit on the connection socket (TimeLimit.of). When the time is up it closes the socket,
                // which ends the read() or write() the worker is waiting in, so that a client who says nothing,
                // sends a byte now and then, or never reads its replies cannot hold a worker thread forever.
                // (setSoTimeout would stop only the first of the three: see TimeLimit.)
                try (TimeLimit limit = TimeLimit.of(connectionSocket, idleTimeoutMillis)) {
                // Skeleton: try (TimeLimit limit = todo(3)) {
                    String sentence = Lines.read(fromClient, MAX_LINE_BYTES);
                    if (sentence == null) {
                        return;
                    }
                    toClient.write((sentence.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
                    toClient.flush();
                }
            }
        } catch (IOException e) {
            if (!serverSocket.isClosed()) { // closed: close() is cutting the connections left
                System.err.println("PooledTCPServer: connection with " + connectionSocket.getRemoteSocketAddress()
                        + (connectionSocket.isClosed() ? " took more than " + idleTimeoutMillis + " ms for a line; its worker moves on"
                        : " failed: " + e.getMessage()));
            }
        } finally {
            openConnections.remove(connectionSocket);
        }
    }

    /**
     * Shuts down gracefully and returns when no worker thread is left: stops accepting, lets the
     * conversations in progress finish for up to {@link #SHUTDOWN_GRACE_MILLIS}, then cuts the rest.
     * Safe to call more than once.
     */
    @Override
    public void close() throws IOException {
        // No new clients: the welcoming socket closes, and serve()'s accept() throws.
        serverSocket.close();
        // Step 4: tell the pool to take no new tasks (shutdown()), then wait up to SHUTDOWN_GRACE_MILLIS
        // for the running conversations to finish (awaitTermination).
        pool.shutdown();
        boolean finished = awaitPool(SHUTDOWN_GRACE_MILLIS);
        // Skeleton: boolean finished = todo(4);
        if (!finished) {
            // Step 5: the grace period is over. Close the connections that are still open (a thread
            // blocked in read() wakes up only when its socket closes; interrupting it is not enough),
            // drop the tasks still queued with shutdownNow(), and wait for the workers to end.
            for (Socket connection : openConnections) {
                connection.close();
            }
            pool.shutdownNow();
            awaitPool(SHUTDOWN_GRACE_MILLIS);
            // End of step 5.
        }
        for (Socket neverServed : openConnections) {
            neverServed.close(); // queued connections that shutdownNow() dropped before a worker took them
        }
    }

    private boolean awaitPool(long millis) {
        try {
            return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pool.isTerminated();
        }
    }

    public static void main(String[] args) {
        Args arguments = Args.of(PooledTCPServer.class, "[port [threads]]", args);
        int port = arguments.port(DEFAULT_PORT);
        int threads = arguments.number("the number of threads", 1, 1000, DEFAULT_POOL_SIZE);
        PooledTCPServer server;
        try {
            server = new PooledTCPServer(port, threads, DEFAULT_IDLE_TIMEOUT_MILLIS);
        } catch (IOException e) {
            arguments.fail(e.getMessage());
            return;
        }
        // Ctrl-C runs close(): watch the graceful shutdown happen.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("PooledTCPServer: " + e.getMessage());
            }
        }));
        System.out.println("The server is ready to receive on port " + server.port() + " with " + threads + " worker threads");
        try {
            server.serve();
        } catch (IOException e) {
            if (!server.serverSocket.isClosed()) { // closed: Ctrl-C is shutting the server down
                arguments.fail(e.getMessage());
            }
        }
    }
}
