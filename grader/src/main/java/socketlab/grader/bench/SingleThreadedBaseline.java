package socketlab.grader.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The baseline of the benchmarks and the slow-clients experiment: lab-tcp's TCPServer as the textbook
 * writes it, one connection at a time, answering every line of a connection in upper case (M1's
 * protocol). The grader's own copy, so neither needs anything from lab-tcp.
 */
public final class SingleThreadedBaseline implements Closeable {

    private final ServerSocket serverSocket;

    public SingleThreadedBaseline(int backlog) throws IOException {
        serverSocket = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public void serve() throws IOException {
        while (true) {
            try (Socket connectionSocket = serverSocket.accept()) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(connectionSocket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = connectionSocket.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
