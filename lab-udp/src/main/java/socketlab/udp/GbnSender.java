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
import java.util.ArrayList;
import java.util.List;
import socketlab.Args;

/**
 * The sending side of Go-Back-N (textbook section 3.4.3) over UDP: up to {@code window} packets may be
 * on their way, unacknowledged, at once. ACKs are cumulative: the ACK of packet n acknowledges n and
 * every packet before it. One timer runs for the oldest unacknowledged packet ({@code base}); when it
 * runs out, every packet from {@code base} on is sent again. Works with the same {@link RdtReceiver}.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.GbnSender host port file [timeoutMillis [window]]
 * </pre>
 */
public class GbnSender implements Closeable {

    public static final int DEFAULT_TIMEOUT_MILLIS = 200;
    public static final int DEFAULT_WINDOW = 8;

    /** How many timeouts in a row, without any progress, before the sender gives up on the receiver. */
    public static final int MAX_TRIES = 30;

    private final InetSocketAddress receiverAddress;
    private final DatagramSocket socket;
    private final int timeoutMillis;
    private final int window;
    private long datagramsSent;

    /** A sender to {@code host}:{@code port} with {@code window} packets in flight at most. */
    public GbnSender(String host, int port, int timeoutMillis, int window) throws IOException {
        if (timeoutMillis < 1 || window < 1) {
            throw new IllegalArgumentException("the timeout and the window must be at least 1, not "
                    + timeoutMillis + " and " + window);
        }
        this.receiverAddress = new InetSocketAddress(host, port);
        if (receiverAddress.isUnresolved()) {
            throw new UnknownHostException("unknown host '" + host + "'");
        }
        this.timeoutMillis = timeoutMillis;
        this.window = window;
        // TODO 1: create the sender's UDP socket.
        socket = todo(1);
    }

    /** How many datagrams this sender has sent, retransmissions included. */
    public long datagramsSent() {
        return datagramsSent;
    }

    /** Sends {@code data} reliably; returns once the receiver has acknowledged the FIN. */
    public void send(byte[] data) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset += RdtPacket.MAX_PAYLOAD) {
            int length = Math.min(RdtPacket.MAX_PAYLOAD, data.length - offset);
            packets.add(RdtPacket.encode(RdtPacket.DATA, packets.size(), data, offset, length));
        }
        packets.add(RdtPacket.encode(RdtPacket.FIN, packets.size(), new byte[0], 0, 0));

        byte[] buffer = new byte[RdtPacket.HEADER_SIZE + RdtPacket.MAX_PAYLOAD];
        int base = 0;          // the oldest packet not yet acknowledged
        int next = 0;          // the next packet to send for the first time
        int timeouts = 0;      // timeouts in a row without progress
        long deadline = 0;     // when the timer for packet base runs out (System.nanoTime())
        while (base < packets.size()) {
            // TODO 2: fill the window: while next < base + window (and packets are left), send packet
            // next and move next on. If it is the oldest one in flight (next == base), start the timer.
            todo(2);

            int acked = awaitAck(base, next, deadline, buffer);
            if (acked >= base) {
                // TODO 3: a cumulative ACK: every packet up to acked has arrived. Slide the window
                // (base = acked + 1) and restart the timer for the new oldest packet, if one is in flight.
                todo(3);
            } else {
                if (++timeouts > MAX_TRIES) {
                    throw new IOException("no acknowledgement of packet " + base + " after " + MAX_TRIES
                            + " timeouts: is the receiver running?");
                }
                // TODO 4: the timer ran out: go back N -- send every packet in flight again, from
                // base up to next - 1, and restart the timer.
                todo(4);
            }
        }
    }

    private void sendPacket(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, receiverAddress));
        datagramsSent++;
    }

    /**
     * Waits until {@code deadline} for an intact ACK of a packet in flight (base to next - 1) and returns
     * its number, or -1 if the timer runs out first. Older ACKs and corrupted datagrams are skipped.
     */
    private int awaitAck(int base, int next, long deadline, byte[] buffer) throws IOException {
        while (true) {
            long millisLeft = (deadline - System.nanoTime()) / 1_000_000;
            if (millisLeft <= 0) {
                return -1;
            }
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout((int) millisLeft);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException timerRanOut) {
                return -1;
            }
            RdtPacket ack = RdtPacket.decode(datagram.getData(), datagram.getLength());
            if (ack != null && ack.type() == RdtPacket.ACK && ack.seq() >= base && ack.seq() < next) {
                return ack.seq();
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(GbnSender.class, "host port file [timeoutMillis [window]]", args);
        String host = arguments.text(null);
        int port = arguments.serverPort(0);
        Path file = Path.of(arguments.text(null));
        int timeout = arguments.number("the timeout", 1, 60_000, DEFAULT_TIMEOUT_MILLIS);
        int window = arguments.number("the window", 1, 10_000, DEFAULT_WINDOW);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            arguments.fail("cannot read " + file + " (" + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()) + ")");
            return;
        }
        try (GbnSender sender = new GbnSender(host, port, timeout, window)) {
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
