package socketlab.udp;

import static socketlab.Todo.todo;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import socketlab.Args;

/**
 * The receiving side of the reliable transfer: it delivers packets 0, 1, 2, ... in order, exactly
 * once, and acknowledges each. The same receiver serves the stop-and-wait sender ({@link RdtSender})
 * and the Go-Back-N sender ({@link GbnSender}): an ACK always names the last packet received in
 * order, which for Go-Back-N means "everything up to here" (a cumulative ACK).
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.RdtReceiver port file     (writes what it receives to file)
 * </pre>
 */
public class RdtReceiver implements Closeable {

    /**
     * How long the receiver stays after acknowledging the FIN, answering FINs sent again because
     * that ACK was lost (TCP's TIME_WAIT). Each datagram that comes starts the wait over.
     */
    public static final int LINGER_MILLIS = 500;

    private final DatagramSocket socket;

    /** Opens the receiver's socket on {@code port} on 127.0.0.1; port 0 lets the system choose a free one. */
    public RdtReceiver(int port) throws IOException {
        // TODO 1: create a UDP socket bound to the port on 127.0.0.1.
        socket = todo(1);
    }

    /** The port the receiver listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Receives one transfer and returns its bytes, once the FIN has come and the linger is over. */
    public byte[] receive() throws IOException {
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        // As large as a datagram can be: a bigger one would be cut short, and then fail its checksum.
        byte[] buffer = new byte[65_535];
        int expected = 0;
        SocketAddress sender = null; // who sent packet 0: from then on, only that sender's packets count
        while (true) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            // TODO 2: wait for the next datagram.
            todo(2);
            RdtPacket packet = RdtPacket.decode(datagram.getData(), datagram.getLength());
            if (packet == null || packet.type() == RdtPacket.ACK || packet.payload().length > RdtPacket.MAX_PAYLOAD) {
                continue; // corrupted, or not a packet for a receiver: drop it, the sender's timer resends
            }
            if (sender == null && packet.seq() == 0) {
                sender = datagram.getSocketAddress();
            }
            if (sender != null && !sender.equals(datagram.getSocketAddress())) {
                continue; // a packet from another program than this transfer's sender: stray, or forged
            }

            // TODO 3: if this is the packet we expect, deliver its payload (a FIN's is empty) and expect
            // the next one. A duplicate (seq < expected) or a packet out of order (seq > expected) is
            // not delivered.
            todo(3);

            // TODO 4: acknowledge the last packet received in order, expected - 1, to whoever sent the
            // datagram. For a duplicate, this repeats the ACK the sender missed.
            todo(4);

            if (packet.type() == RdtPacket.FIN && packet.seq() == expected - 1) {
                linger(packet.seq(), sender);
                return delivered.toByteArray();
            }
        }
    }

    /** Sends the ACK of packet {@code seq} to {@code sender}. */
    private void sendAck(int seq, SocketAddress sender) throws IOException {
        byte[] ack = RdtPacket.ack(seq);
        socket.send(new DatagramPacket(ack, ack.length, sender));
    }

    /**
     * TIME_WAIT: the ACK of the FIN may be lost, and then the sender sends the FIN again. Answer every
     * packet from the sender with that ACK until LINGER_MILLIS pass with nothing coming.
     */
    private void linger(int finSeq, SocketAddress sender) throws IOException {
        byte[] buffer = new byte[65_535];
        // TODO 5: with a receive timeout of LINGER_MILLIS, answer each intact packet that comes from the
        // sender with the ACK of finSeq; when receive() times out, the sender has stopped: return.
        todo(5);
    }

    @Override
    public void close() {
        socket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(RdtReceiver.class, "port file", args);
        int port = arguments.port(0);
        Path file = Path.of(arguments.text(null));
        try (RdtReceiver receiver = new RdtReceiver(port)) {
            System.out.println("The receiver is ready on port " + receiver.port());
            byte[] data = receiver.receive();
            try {
                Files.write(file, data);
            } catch (IOException e) {
                arguments.fail("received " + data.length + " bytes, but cannot write them to " + file
                        + " (" + e.getClass().getSimpleName() + ")");
                return;
            }
            System.out.println("Received " + data.length + " bytes into " + file + " (SHA-256 " + Sha256.of(data) + ")");
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
