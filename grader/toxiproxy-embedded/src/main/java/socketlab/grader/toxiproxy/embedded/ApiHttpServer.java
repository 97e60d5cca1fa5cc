package socketlab.grader.toxiproxy.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The API's HTTP/1.1 server. One selector thread reads requests and writes answers without ever blocking, so a
 * client that stalls mid-request or never reads its answer costs a buffer, never a thread, and cannot delay anyone
 * else; only complete requests reach the handler threads. Limits and timeouts are those of Toxiproxy's Go server:
 * 15 s to read a request, 25 s for the handler (then 503), 30 s to write the answer, 60 s idle between requests.
 */
final class ApiHttpServer implements Closeable {
    /** How long a request may take to arrive, its handler to answer, its answer to be written, a connection idle. */
    record Timeouts(Duration read, Duration handler, Duration write, Duration idle) {
        /** Toxiproxy's: http.Server's ReadTimeout, WriteTimeout and IdleTimeout, and its http.TimeoutHandler. */
        static final Timeouts TOXIPROXY = new Timeouts(
                Duration.ofSeconds(15), Duration.ofSeconds(25), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    private static final int HANDLER_THREADS = 8;
    private static final long SWEEP_MILLIS = 250;
    private static final int WRITE_SLICE_BYTES = 64 * 1024;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Function<ApiRequest, ApiResponse> handler;
    private final long readTimeout;
    private final long handlerTimeout;
    private final long writeTimeout;
    private final long idleTimeout;
    private final ThreadPoolExecutor handlers;
    private final Queue<Runnable> onSelectorThread = new ConcurrentLinkedQueue<>();
    private final Set<Client> clients = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final Thread loop;
    private volatile boolean closing;
    /** Accepting failed (no descriptor left, say) and waits for the next sweep; selector thread only. */
    private boolean acceptPaused;

    private ApiHttpServer(
            ServerSocketChannel listener,
            Selector selector,
            Function<ApiRequest, ApiResponse> handler,
            Timeouts timeouts) {
        this.listener = listener;
        this.selector = selector;
        this.handler = handler;
        this.readTimeout = timeouts.read().toNanos();
        this.handlerTimeout = timeouts.handler().toNanos();
        this.writeTimeout = timeouts.write().toNanos();
        this.idleTimeout = timeouts.idle().toNanos();
        this.handlers = new ThreadPoolExecutor(
                HANDLER_THREADS,
                HANDLER_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                EngineThreads.factory("api-handler"));
        handlers.allowCoreThreadTimeOut(true);
        this.loop = EngineThreads.start("api", this::run);
    }

    /** Listens on the address (port 0: any free port) and serves until closed. */
    static ApiHttpServer start(InetSocketAddress address, Function<ApiRequest, ApiResponse> handler, Timeouts timeouts)
            throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.bind(address, 128);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            return new ApiHttpServer(listener, selector, handler, timeouts);
        } catch (IOException | RuntimeException e) {
            Connection.closeQuietly(listener);
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    /** Stops listening, closes every client connection and stops the server's threads. Idempotent. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        EngineThreads.join(loop, 5_000);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextSweep = System.nanoTime();
        try {
            while (!closing) {
                selector.select(SWEEP_MILLIS);
                Runnable task;
                while ((task = onSelectorThread.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve((Client) key.attachment(), key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    new ArrayList<>(clients).forEach(c -> c.checkTimeouts(now));
                    if (acceptPaused) {
                        acceptPaused = false;
                        listener.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
                    }
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the selector itself failed: nothing can be served any more; fall through to closing everything
        } finally {
            new ArrayList<>(clients).forEach(Client::close);
            Connection.closeQuietly(listener);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    /** One client's turn; whatever goes wrong with it ends that client's connection, never the server. */
    private static void serve(Client client, SelectionKey key) {
        try {
            if (key.isReadable()) {
                client.read();
            }
            if (key.isValid() && key.isWritable()) {
                client.write();
            }
        } catch (RuntimeException unexpected) {
            client.close();
        }
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                // Out of file descriptors, say: pause accepting until the next sweep rather than spin on it (as Go
                // backs off), so the clients already connected are still served.
                listener.keyFor(selector).interestOps(0);
                acceptPaused = true;
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Client client = new Client(channel);
                client.key = channel.register(selector, SelectionKey.OP_READ, client);
                clients.add(client);
            } catch (IOException | RuntimeException e) {
                Connection.closeQuietly(channel);
            }
        }
    }

    private enum State {
        READING,
        HANDLING,
        WRITING
    }

    /** One client connection; touched only by the selector thread. */
    private final class Client {
        private final SocketChannel channel;
        private final HttpRequestReader reader = new HttpRequestReader();
        private final Queue<ByteBuffer> output = new ArrayDeque<>();
        private SelectionKey key;
        private State state = State.READING;
        private long deadline = System.nanoTime() + readTimeout;
        private long writeDeadline;
        private boolean readingStarted = true;
        private boolean closeAfterWrite;
        /** The request being answered: whether its connection stays open, its HTTP version, whether it is HEAD. */
        private boolean keepAlive;

        private boolean http10;
        private boolean head;
        /** Counts handler runs, so an answer that comes after its 503 is dropped. */
        private long exchange;

        private boolean closed;

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            readBuffer.clear();
            int n;
            try {
                n = channel.read(readBuffer);
            } catch (IOException e) {
                close();
                return;
            }
            if (n < 0) {
                close();
                return;
            }
            readBuffer.flip();
            reader.append(readBuffer);
            process();
        }

        /** Serves what the buffered bytes hold: nothing yet, the next request, or a rejection. */
        private void process() {
            if (state != State.READING || closed) {
                return;
            }
            HttpRequestReader.Result result = reader.poll();
            if (reader.takeContinue()) {
                output.add(ByteBuffer.wrap(CONTINUE));
            }
            if (result == null) {
                if (!readingStarted && reader.started()) {
                    readingStarted = true;
                    deadline = System.nanoTime() + readTimeout;
                }
                updateInterest();
                flush();
                return;
            }
            if (result instanceof HttpRequestReader.Rejected rejected) {
                reject(rejected.answer());
                return;
            }
            HttpRequestReader.Complete complete = (HttpRequestReader.Complete) result;
            handle(complete);
        }

        private void handle(HttpRequestReader.Complete complete) {
            state = State.HANDLING;
            long now = System.nanoTime();
            deadline = now + handlerTimeout;
            writeDeadline = now + writeTimeout;
            keepAlive = complete.keepAlive();
            http10 = complete.http10();
            head = complete.request().method().equals("HEAD");
            long mine = ++exchange;
            updateInterest();
            flush();
            try {
                handlers.execute(() -> {
                    ApiResponse answer;
                    try {
                        answer = handler.apply(complete.request());
                    } catch (Throwable unexpected) {
                        ApiError error = ApiError.internal(String.valueOf(unexpected));
                        answer = ApiResponse.error(500, ApiJson.write(ApiJson.error(error)));
                    }
                    ApiResponse done = answer;
                    onSelectorThread.add(() -> {
                        if (!closed && exchange == mine && state == State.HANDLING) {
                            respond(done);
                        }
                    });
                    selector.wakeup();
                });
            } catch (RuntimeException rejected) {
                close(); // the server is closing
            }
        }

        /** An answer to a request that could not be read: always the connection's last. */
        private void reject(ApiResponse answer) {
            keepAlive = false;
            http10 = false;
            head = false;
            writeDeadline = System.nanoTime() + writeTimeout;
            respond(answer);
        }

        private void respond(ApiResponse answer) {
            boolean close = !keepAlive || answer.isProtocolError() || closing;
            output.add(ByteBuffer.wrap(serialize(answer, close, http10, head)));
            closeAfterWrite = close;
            state = State.WRITING;
            updateInterest();
            flush();
        }

        void write() {
            flush();
        }

        /** Writes what it can without blocking; when an answer is out, the connection reads its next request. */
        private void flush() {
            try {
                while (!output.isEmpty()) {
                    ByteBuffer next = output.peek();
                    // At most 64 KB a call: the JDK copies a heap buffer's whole remainder for every write.
                    ByteBuffer piece = next.duplicate();
                    piece.limit(Math.min(next.limit(), next.position() + WRITE_SLICE_BYTES));
                    int written = channel.write(piece);
                    next.position(next.position() + written);
                    if (next.hasRemaining()) {
                        if (written == 0 || piece.hasRemaining()) {
                            updateInterest();
                            return;
                        }
                        continue;
                    }
                    output.poll();
                }
            } catch (IOException e) {
                close();
                return;
            }
            if (state == State.WRITING) {
                if (closeAfterWrite) {
                    close();
                    return;
                }
                state = State.READING;
                writeDeadline = 0;
                readingStarted = reader.started();
                deadline = System.nanoTime() + (readingStarted ? readTimeout : idleTimeout);
                updateInterest();
                process(); // a pipelined request may already be buffered
            } else {
                updateInterest();
            }
        }

        private void updateInterest() {
            if (closed || !key.isValid()) {
                return;
            }
            int ops = state == State.READING ? SelectionKey.OP_READ : 0;
            if (!output.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
            key.interestOps(ops);
        }

        void checkTimeouts(long now) {
            switch (state) {
                case READING -> {
                    if (now - deadline > 0) {
                        close(); // Go closes a connection whose request did not arrive in time, without an answer
                    }
                }
                case HANDLING -> {
                    if (now - deadline > 0) {
                        exchange++; // the handler's late answer is dropped, as http.TimeoutHandler does
                        respond(ApiResponse.empty(503));
                    }
                }
                case WRITING -> {
                    if (now - writeDeadline > 0) {
                        close();
                    }
                }
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            clients.remove(this);
            if (key != null) {
                key.cancel();
            }
            Connection.closeQuietly(channel);
        }
    }

    /** The answer's bytes as Go's net/http writes them. */
    static byte[] serialize(ApiResponse answer, boolean close, boolean http10, boolean head) {
        StringBuilder text = new StringBuilder();
        if (answer.isProtocolError()) {
            text.append("HTTP/1.1 ")
                    .append(answer.protocolError())
                    .append("\r\nContent-Type: ")
                    .append(answer.contentType())
                    .append("\r\nConnection: close\r\n\r\n");
            return concat(text, answer.body());
        }
        int status = answer.status();
        text.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(ApiResponse.reason(status))
                .append("\r\n");
        if (answer.location() != null) {
            text.append("Location: ").append(answer.location()).append("\r\n");
        }
        if (answer.contentType() != null) {
            text.append("Content-Type: ").append(answer.contentType()).append("\r\n");
            if (answer.contentType().equals(ApiResponse.TEXT)) {
                text.append("X-Content-Type-Options: nosniff\r\n");
            }
        }
        text.append("Date: ")
                .append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n");
        if (status != 204) {
            text.append("Content-Length: ").append(answer.body().length).append("\r\n");
        }
        if (close && !http10) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        return concat(text, head ? new byte[0] : answer.body());
    }

    private static byte[] concat(StringBuilder head, byte[] body) {
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
