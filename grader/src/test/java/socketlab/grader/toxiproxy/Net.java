package socketlab.grader.toxiproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** Small client-side helpers for behaviour tests. Every read has a deadline so no test can hang. */
public final class Net {
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private Net() {}

    static Socket connect(TcpPath path) throws IOException {
        return connect(path.host(), path.port());
    }

    static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** Reads exactly n bytes. */
    static byte[] readExactly(Socket socket, int n) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(n);
        if (data.length < n) {
            throw new IOException("connection ended after " + data.length + " of " + n + " bytes");
        }
        return data;
    }

    /** Reads until end of stream (or until the connection is reset/closed, which also ends it). */
    static byte[] readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException closedOrReset) {
            // the end of the stream as far as the client can tell
        }
        return all.toByteArray();
    }

    /** Nanoseconds for one echo round trip of a small message. */
    static long roundTripNanos(Socket socket, byte[] message) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(message);
        readExactly(socket, message.length);
        return System.nanoTime() - start;
    }

    /** A loopback port that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Waits until the connection ends; returns true if it ended (EOF or reset) before the read timeout. */
    public static boolean endsWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // drain anything still in flight
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
