package socketlab.udp;

import static socketlab.Todo.todo;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import socketlab.Args;

/**
 * The sending side of rdt 3.0 (stop-and-wait, textbook section 3.4.1) over UDP: it cuts the data into
 * packets of at most {@link RdtPacket#MAX_PAYLOAD} bytes, numbered 0, 1, 2, ..., and sends them one at
 * a time: send, start the timer, wait for the packet's ACK; if the timer runs out first, send again.
 * A FIN packet, numbered after the last data packet, ends the transfer.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.RdtSender host port file [timeoutMillis]
 * </pre>
 */
public class RdtSender implements Closeable {

    /** The retransmission timeout used when none is given: well above a round trip through the relay. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 200;

    /** How many times one packet is sent before the sender gives up on the receiver. */
    public static final int MAX_TRIES = 30;

    private final InetSocketAddress receiverAddress;
    private final DatagramSocket socket;
    private final int timeoutMillis;
    private long datagramsSent;

    /** Prepares a sender to the receiver at {@code host}:{@code port}, retransmitting after {@code timeoutMillis}. */
    public RdtSender(String host, int port, int timeoutMillis) throws IOException {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("the timeout must be at least 1 ms, not " + timeoutMillis);
        }
        this.receiverAddress = new InetSocketAddress(host, port);
        if (receiverAddress.isUnresolved()) {
            throw new UnknownHostException("unknown host '" + host + "'");
        }
        this.timeoutMillis = timeoutMillis;
        // TODO 1: create the sender's UDP socket.
        socket = todo(1);
    }

    /** Sends {@code data} reliably; returns once the receiver has acknowledged the FIN. */
    public void send(byte[] data) throws IOException {
        int packets = (data.length + RdtPacket.MAX_PAYLOAD - 1) / RdtPacket.MAX_PAYLOAD;
        for (int seq = 0; seq < packets; seq++) {
            int offset = seq * RdtPacket.MAX_PAYLOAD;
            int length = Math.min(RdtPacket.MAX_PAYLOAD, data.length - offset);
            sendAndWait(RdtPacket.encode(RdtPacket.DATA, seq, data, offset, length), seq);
        }
        sendAndWait(RdtPacket.encode(RdtPacket.FIN, packets, new byte[0], 0, 0), packets);
    }

    /** How many datagrams this sender has sent, retransmissions included. */
    public long datagramsSent() {
        return datagramsSent;
    }

    /** rdt 3.0 for one packet: send it and wait for its ACK, sending it again each time the timer runs out. */
    private void sendAndWait(byte[] packet, int seq) throws IOException {
        byte[] buffer = new byte[RdtPacket.HEADER_SIZE + RdtPacket.MAX_PAYLOAD];
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            // TODO 2: send (or send again) the packet to the receiver, count it in datagramsSent, and
            // start the timer: the deadline is timeoutMillis from now (in System.nanoTime() units).
            long deadline = todo(2);
            if (awaitAck(seq, deadline, buffer)) {
                return;
            }
        }
        throw new IOException("no acknowledgement of packet " + seq + " after " + MAX_TRIES
                + " tries: is the receiver running?");
    }

    /** Waits until {@code deadline} for the ACK of packet {@code seq}: true if it came, false if the timer ran out. */
    private boolean awaitAck(int seq, long deadline, byte[] buffer) throws IOException {
        while (true) {
            long millisLeft = (deadline - System.nanoTime()) / 1_000_000;
            if (millisLeft <= 0) {
                return false;
            }
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            // TODO 3: wait for a datagram, but only until the deadline (setSoTimeout(millisLeft)); if
            // none comes, the timer ran out: return false.
            todo(3);

            // TODO 4: decode it. Only an intact ACK of packet seq ends the wait (return true). A
            // corrupted datagram, or the ACK of another packet (a duplicate, a late one), does not stop
            // the timer: keep waiting.
            todo(4);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(RdtSender.class, "host port file [timeoutMillis]", args);
        String host = arguments.text(null);
        int port = arguments.serverPort(0);
        Path file = Path.of(arguments.text(null));
        int timeout = arguments.number("the timeout", 1, 60_000, DEFAULT_TIMEOUT_MILLIS);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            arguments.fail("cannot read " + file + " (" + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()) + ")");
            return;
        }
        try (RdtSender sender = new RdtSender(host, port, timeout)) {
            long start = System.nanoTime();
            sender.send(data);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("Sent " + data.length + " bytes in " + millis + " ms: " + sender.datagramsSent()
                    + " datagrams (SHA-256 " + Sha256.of(data) + ")");
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
