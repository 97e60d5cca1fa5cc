package socketlab.grader.suites.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * The grader's own rdt 3.0 sender, as the handout specifies one (what the solution's RdtSender does): each packet is
 * sent, the timer started, and sent again each time the timer runs out before its ACK comes, at most {@link #MAX_TRIES}
 * times. A test of a student's receiver runs against it, so that what goes wrong there is the receiver's.
 */
final class ReferenceSender {

    /** Tries per packet before giving up: enough to ride out the scripted losses, few enough to fail quickly. */
    static final int MAX_TRIES = 10;

    /**
     * How a transfer went.
     *
     * @param finished whether the FIN's ACK came
     * @param stuckAt  the packet that was never acknowledged, or -1
     * @param sends    how many times each packet was sent (the last one is the FIN)
     * @param acks     how many intact ACKs came back, stale ones included
     */
    record Outcome(boolean finished, int stuckAt, int[] sends, int acks) {
        int packets() {
            return sends.length;
        }
    }

    private ReferenceSender() {}

    /**
     * Sends {@code data} to 127.0.0.1:{@code port} with a timer of {@code timeoutMillis}; never throws for a lost
     * cause.
     */
    static Outcome send(int port, byte[] data, int timeoutMillis) throws IOException {
        int packets = RdtReference.packetsFor(data.length);
        int[] sends = new int[packets];
        int acks = 0;
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] buffer = new byte[RdtReference.HEADER_SIZE + RdtReference.MAX_PAYLOAD];
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int seq = 0; seq < packets; seq++) {
                int offset = seq * RdtReference.MAX_PAYLOAD;
                int length = Math.max(0, Math.min(RdtReference.MAX_PAYLOAD, data.length - offset));
                byte[] payload = new byte[length];
                System.arraycopy(data, Math.min(offset, data.length), payload, 0, length);
                byte[] packet =
                        RdtReference.encode(seq == packets - 1 ? RdtReference.FIN : RdtReference.DATA, seq, payload);
                boolean acked = false;
                while (!acked) {
                    if (sends[seq] == MAX_TRIES) {
                        return new Outcome(false, seq, sends, acks);
                    }
                    socket.send(new DatagramPacket(packet, packet.length, to));
                    sends[seq]++;
                    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                    while (!acked) {
                        long left = (deadline - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                            break;
                        }
                        socket.setSoTimeout((int) left);
                        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                        try {
                            socket.receive(datagram);
                        } catch (SocketTimeoutException timerRanOut) {
                            break;
                        }
                        RdtReference.Decoded ack = RdtReference.decode(datagram.getData(), datagram.getLength());
                        if (ack != null && ack.type() == RdtReference.ACK) {
                            acks++;
                            acked = ack.seq() == seq;
                        }
                    }
                }
            }
        }
        return new Outcome(true, -1, sends, acks);
    }
}
