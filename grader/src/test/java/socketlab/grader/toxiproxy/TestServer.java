package socketlab.grader.toxiproxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback server on a free port that runs a handler for every connection on its own daemon thread. */
final class TestServer implements Closeable {
    @FunctionalInterface
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private TestServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> acceptLoop(handler), "test-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TestServer start(Handler handler) throws IOException {
        return new TestServer(handler);
    }

    static TestServer echo() throws IOException {
        return start(TestServer::echo);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop(Handler handler) {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            synchronized (sockets) {
                sockets.add(socket);
            }
            Thread worker = new Thread(
                    () -> {
                        try (socket) {
                            socket.setTcpNoDelay(true);
                            handler.handle(socket);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    },
                    "test-server-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
