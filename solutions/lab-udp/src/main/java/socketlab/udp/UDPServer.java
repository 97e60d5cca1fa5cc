package socketlab.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import socketlab.Args;

/**
 * The textbook's UDPServer (Kurose &amp; Ross, section 2.7.1): it waits for a sentence in a datagram,
 * turns it into upper case and sends it back to whoever sent it.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPServer [port]      (port 12000 if none is given)
 * </pre>
 */
public class UDPServer implements Closeable {

    /** The port the textbook uses. */
    public static final int DEFAULT_PORT = 12000;

    /**
     * The textbook's recvfrom(2048): a datagram longer than this is cut short, UDP keeps no more. A reply
     * is never longer either, so that a client reading it with recvfrom(2048) gets all of it.
     */
    public static final int BUFFER_SIZE = 2048;

    private final DatagramSocket serverSocket;

    /** Opens the server's socket on {@code port}; port 0 lets the system choose a free one. */
    public UDPServer(int port) throws IOException {
        // Step 1: create a UDP socket and bind it to the port on this machine's loopback address.
        // (The textbook binds to '' -- every interface; the lab stays on 127.0.0.1.)
        serverSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        // Skeleton: serverSocket = todo(1);
    }

    /** The port the server listens on: the one the system chose if it was opened on port 0. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * The textbook's {@code while True} loop: answers datagrams, one after another, for as long as the
     * server runs. {@link #close()} stops it: the waiting receive() then throws a SocketException.
     */
    public void serve() throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        while (true) {
            // Step 2: wait for the next datagram (the textbook's recvfrom). Besides the bytes,
            // the packet records the address and port of the client that sent it.
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            serverSocket.receive(request);
            // Skeleton: DatagramPacket request = todo(2);
            String sentence = new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8);

            // Step 3: turn the sentence into upper case.
            String capitalizedSentence = sentence.toUpperCase(Locale.ROOT);
            // Skeleton: String capitalizedSentence = todo(3);

            // The reply's bytes: at most BUFFER_SIZE of them, and whole UTF-8 characters only. Upper case
            // can be longer than lower case ("ŉ" is 2 bytes, "ʼN" 3), and a character cut in two by the
            // buffer was decoded as "\uFFFD" (3 bytes): a 2048-byte request could get a 6144-byte reply,
            // which the textbook's client would cut short and then fail to decode.
            byte[] reply = utf8(capitalizedSentence, BUFFER_SIZE);

            // Step 4: send the reply back to the address and port the request came from.
            // Every client has its own port, so never reply to a fixed one.
            serverSocket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            // End of step 4.
        }
    }

    /** The UTF-8 bytes of {@code text}, up to the last whole character that fits in {@code maxBytes}. */
    static byte[] utf8(String text, int maxBytes) {
        ByteBuffer bytes = ByteBuffer.allocate(maxBytes);
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text), bytes, true); // stops at the first that does not fit
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** Closes the socket, which also stops {@link #serve()}. */
    @Override
    public void close() {
        serverSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(UDPServer.class, "[port]", args);
        int port = arguments.port(DEFAULT_PORT);
        try (UDPServer server = new UDPServer(port)) {
            System.out.println("The server is ready to receive on port " + server.port());
            server.serve();
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
