package socketlab.grader.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import socketlab.udp.RdtPacket;
import socketlab.udp.RdtReceiver;

/**
 * The rdt receiver takes a transfer from one sender only: packets with a valid checksum from any other
 * address (a forged DATA over the 4096-byte limit, a forged FIN) do not end it or get into its bytes.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class RdtReceiverForgeryTest {

    @Test
    void packetsFromAnotherAddressMidTransferAreIgnored() throws Exception {
        try (RdtReceiver receiver = new RdtReceiver(0);
                DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket forger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sender.setSoTimeout(5000);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.port());
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return receiver.receive();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            send(sender, to, RdtPacket.DATA, 0, "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(ackOf(sender)).as("the ACK of packet 0").isZero();
            send(forger, to, RdtPacket.DATA, 1, new byte[65_498 - RdtPacket.HEADER_SIZE]);
            send(forger, to, RdtPacket.FIN, 2, new byte[0]);
            send(sender, to, RdtPacket.DATA, 1, " world".getBytes(StandardCharsets.UTF_8));
            assertThat(ackOf(sender))
                    .as("the ACK of the sender's packet 1 (the forged one was not taken)")
                    .isEqualTo(1);
            send(sender, to, RdtPacket.DATA, 2, new byte[RdtPacket.MAX_PAYLOAD + 1]);
            send(sender, to, RdtPacket.FIN, 2, new byte[0]);
            assertThat(ackOf(sender))
                    .as("the ACK of the FIN (a DATA over the size limit is not a packet)")
                    .isEqualTo(2);

            assertThat(new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo("hello world");
        }
    }

    private static void send(DatagramSocket from, InetSocketAddress to, byte type, int seq, byte[] payload)
            throws Exception {
        byte[] packet = RdtPacket.encode(type, seq, payload, 0, payload.length);
        from.send(new DatagramPacket(packet, packet.length, to));
    }

    /** The number in the next ACK that arrives. */
    private static int ackOf(DatagramSocket socket) throws Exception {
        DatagramPacket datagram = new DatagramPacket(new byte[64], 64);
        while (true) {
            socket.receive(datagram);
            RdtPacket ack = RdtPacket.decode(datagram.getData(), datagram.getLength());
            if (ack != null && ack.type() == RdtPacket.ACK && ack.seq() >= 0) {
                return ack.seq();
            }
        }
    }
}
