package socketlab.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import socketlab.Args;

/**
 * The server of the textbook's UDP pinger lab: it sends every ping ("PING &lt;seq&gt; &lt;time&gt;") back
 * to whoever sent it, unchanged. Anything else gets "ERROR &lt;reason&gt;". Unlike the textbook's
 * server it does not lose pings on purpose: run it behind the kit's UDP relay to lose and delay them.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPPingerServer [port]      (port 12000 if none is given)
 * </pre>
 */
public class UDPPingerServer implements Closeable {

    /** The port the textbook's pinger lab uses. */
    public static final int DEFAULT_PORT = 12000;

    /** The longest ping the server answers, in bytes. */
    public static final int MAX_PING = 1024;

    private final DatagramSocket serverSocket;

    /** Opens the server's socket on {@code port}; port 0 lets the system choose a free one. */
    public UDPPingerServer(int port) throws IOException {
        // Step 1: create a UDP socket bound to the port on 127.0.0.1.
        serverSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        // Skeleton: serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Answers pings, one datagram after another, until {@link #close()} is called. */
    public void serve() throws IOException {
        // One byte more than the longest ping, so that a datagram cut short by receive() shows.
        byte[] buffer = new byte[MAX_PING + 1];
        while (true) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            // Step 2: wait for the next datagram.
            serverSocket.receive(request);
            // End of step 2.
            String message = new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8);

            // Step 3: the reply is the ping itself, unchanged (the client recognises its reply by it);
            // anything that is not a ping gets "ERROR expected PING <seq> <time>".
            String reply = request.getLength() <= MAX_PING && isPing(message)
                    ? message
                    : "ERROR expected PING <seq> <time>";
            // Skeleton: String reply = todo(3);

            // Step 4: send the reply back to the address and port the ping came from.
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            serverSocket.send(new DatagramPacket(bytes, bytes.length, request.getSocketAddress()));
            // End of step 4.
        }
    }

    /**
     * True for "PING &lt;seq&gt; &lt;time&gt;": a sequence number and a time made of digits, e.g. "PING 3 1732181234567"
     * (this lab's client), or the textbook assignment's "Ping 1 1732181234.567" (any case; a time with a
     * fraction, as Python's time.time() gives).
     */
    public static boolean isPing(String message) {
        return message.matches("(?i:PING) [0-9]{1,9} [0-9]{1,19}(\\.[0-9]{1,9})?");
    }

    /** Closes the socket, which also stops {@link #serve()}. */
    @Override
    public void close() {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(UDPPingerServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (UDPPingerServer server = new UDPPingerServer(port)) {
            System.out.println("The pinger server is ready to receive on port " + server.port());
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
