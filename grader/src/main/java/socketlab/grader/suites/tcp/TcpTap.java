package socketlab.grader.suites.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import socketlab.grader.core.Trace;
import socketlab.grader.wire.Labels;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.WireEvent;

/**
 * A pass-through between the Toxiproxy listener and the program under test that puts what the proxy delivered on
 * the test's timeline, read by read: the proxy's side of the connection cannot be observed otherwise (it may run in
 * a container), and it is where a slicer's pieces or a latency toxic's delays show. Each read is written on at
 * once (TCP_NODELAY), an end of stream becomes a FIN, a failure a reset. Only for tests whose connections the
 * grader's own client makes (a handful): two threads per connection, a 16 KB buffer each.
 */
final class TcpTap implements Closeable {

    private final ServerSocket listener;
    private final int serverPort;
    private final Trace trace;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TcpTap(int serverPort, Trace trace) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.serverPort = serverPort;
        this.trace = trace;
        Thread accept = new Thread(this::acceptLoop, "tcp-tap-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A tap forwarding to 127.0.0.1:{@code serverPort}, recording into the current test's trace. */
    static TcpTap to(int serverPort) throws IOException {
        return new TcpTap(serverPort, Trace.current());
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket fromProxy;
            try {
                fromProxy = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(fromProxy);
            Socket toServer = new Socket();
            sockets.add(toServer);
            try {
                toServer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
                toServer.setTcpNoDelay(true);
                fromProxy.setTcpNoDelay(true);
            } catch (IOException e) {
                closeHard(fromProxy);
                closeHard(toServer);
                continue;
            }
            String proxySide = "127.0.0.1:" + toServer.getLocalPort();
            String server = "127.0.0.1:" + serverPort;
            long now = trace.recorder().now();
            trace.wire(
                    WireEvent.arrow(WireEvent.Kind.CONNECT, now, now, Lane.NETWORK, Lane.SERVER, "connect (SYN)", null)
                            .between(proxySide, server));
            pump(fromProxy, toServer, Lane.NETWORK, Lane.SERVER, proxySide, server);
            pump(toServer, fromProxy, Lane.SERVER, Lane.NETWORK, server, proxySide);
        }
    }

    /** Copies {@code in}'s bytes to {@code out} read by read, each read one segment on the timeline. */
    private void pump(Socket in, Socket out, Lane from, Lane to, String source, String destination) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try {
                        InputStream input = in.getInputStream();
                        OutputStream output = out.getOutputStream();
                        int n;
                        while ((n = input.read(buffer)) != -1) {
                            output.write(buffer, 0, n);
                            output.flush();
                            byte[] piece = Arrays.copyOf(buffer, n);
                            long now = trace.recorder().now();
                            trace.wire(
                                    WireEvent.arrow(WireEvent.Kind.SEGMENT, now, now, from, to, Labels.of(piece), piece)
                                            .between(source, destination));
                        }
                        long now = trace.recorder().now();
                        trace.wire(WireEvent.arrow(WireEvent.Kind.FIN, now, now, from, to, "FIN", null)
                                .between(source, destination));
                        out.shutdownOutput();
                    } catch (IOException e) {
                        if (!listener.isClosed()) {
                            long now = trace.recorder().now();
                            trace.wire(WireEvent.arrow(WireEvent.Kind.RESET, now, now, from, to, "RST", null)
                                    .between(source, destination));
                        }
                        closeHard(in);
                        closeHard(out);
                    }
                },
                "tcp-tap-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with a reset (SO_LINGER 0), as the failure the other side should see. */
    private static void closeHard(Socket socket) {
        try {
            if (!socket.isClosed() && socket.isConnected()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed either way
        }
        sockets.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed either way
            }
        });
    }
}
