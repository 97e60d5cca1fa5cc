package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.UdpProbe;
import socketlab.grader.relay.Impairment;
import socketlab.udp.RdtPacket;
import socketlab.udp.RdtSender;

@Exercise(lab = "lab-udp", id = "U4", title = "Reliable transfer over UDP (rdt 3.0, stop-and-wait)")
class ReliableTransferTest {

    /** Retransmission timeout when the relay adds no delay: a round trip on loopback takes well under a millisecond. */
    private static final int FAST_TIMEOUT_MILLIS = 25;

    @Graded(points = 2)
    @DisplayName("packets are encoded as [CRC-32][type][seq][payload], and decode rejects every flipped bit")
    void packetFormatAndChecksum() {
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] expected = RdtReference.encode(RdtReference.DATA, 7, hello);
        byte[] encoded = RdtPacket.encode(RdtPacket.DATA, 7, hello, 0, hello.length);
        assertThat(RdtReference.hex(encoded)).as("RdtPacket.encode(DATA, 7, \"hello\") (expected the checksum, 'D', 7 and"
                + " the payload: " + RdtReference.hex(expected) + ")").isEqualTo(RdtReference.hex(expected));
        byte[] padded = new byte[] {1, 2, 'h', 'e', 'l', 'l', 'o', 3};
        assertThat(RdtReference.hex(RdtPacket.encode(RdtPacket.DATA, 7, padded, 2, 5)))
                .as("RdtPacket.encode(DATA, 7, data, 2, 5): only data[2..6] is the payload").isEqualTo(RdtReference.hex(expected));

        RdtPacket data = RdtPacket.decode(expected, expected.length);
        assertThat(data).as("RdtPacket.decode of an intact DATA packet " + RdtReference.hex(expected)).isNotNull();
        assertThat(data.type()).as("the type decoded from " + RdtReference.hex(expected)).isEqualTo(RdtPacket.DATA);
        assertThat(data.seq()).as("the sequence number decoded from " + RdtReference.hex(expected)).isEqualTo(7);
        assertThat(data.payload()).as("the payload decoded from " + RdtReference.hex(expected)).isEqualTo(hello);
        byte[] ack = RdtReference.encode(RdtReference.ACK, 123_456, new byte[0]);
        RdtPacket decodedAck = RdtPacket.decode(withTrailingJunk(ack), ack.length);
        assertThat(decodedAck).as("RdtPacket.decode of an intact ACK " + RdtReference.hex(ack)
                + ", given a larger buffer and the length " + ack.length).isNotNull();
        assertThat(decodedAck.type()).as("the type decoded from the ACK").isEqualTo(RdtPacket.ACK);
        assertThat(decodedAck.seq()).as("the sequence number decoded from the ACK").isEqualTo(123_456);

        for (int bit = 0; bit < expected.length * 8; bit++) {
            byte[] corrupted = expected.clone();
            corrupted[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(RdtPacket.decode(corrupted, corrupted.length)).as("RdtPacket.decode of the DATA packet with bit " + bit
                    + " flipped (" + RdtReference.hex(corrupted) + "): the checksum no longer matches, so it must return null")
                    .isNull();
        }
        assertThat(RdtPacket.decode(new byte[0], 0)).as("RdtPacket.decode of an empty datagram").isNull();
        assertThat(RdtPacket.decode(new byte[] {1, 2, 3, 4, 5}, 5)).as("RdtPacket.decode of 5 bytes (shorter than a header)").isNull();
        byte[] garbage = new byte[100];
        new Random(Trace.current().seed()).nextBytes(garbage);
        assertThat(RdtPacket.decode(garbage, garbage.length)).as("RdtPacket.decode of 100 random bytes " + RdtReference.hex(garbage))
                .isNull();
    }

    @Graded(points = 2, timeoutSeconds = 40)
    @DisplayName("files of 0, 1, 4096 and 4097 bytes arrive exactly over a perfect channel")
    void anySizeOverPerfectChannel() throws Throwable {
        for (int size : new int[] {0, 1, 4096, 4097}) {
            Transfer.Result result = stopAndWait(Transfer.with("RdtSender"), size, FAST_TIMEOUT_MILLIS);
            Transfer.assertDeliveredExactly(result);
        }
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("1 MB arrives exactly under 10% loss each way")
    void oneMegabyteUnderTenPercentLoss() throws Throwable {
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(Impairment.none().loss(0.1)),
                1 << 20, FAST_TIMEOUT_MILLIS);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("128 KB arrive exactly under 30% loss each way")
    void underThirtyPercentLoss() throws Throwable {
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(Impairment.none().loss(0.3)),
                128 * 1024, FAST_TIMEOUT_MILLIS);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("64 KB arrive exactly when datagrams are duplicated, reordered and corrupted")
    void underDuplicationReorderingAndCorruption() throws Throwable {
        Impairment messy = Impairment.none().loss(0.05).duplicate(0.2).reorder(0.2, Duration.ofMillis(200))
                .corrupt(0.2, 8).delay(Duration.ofMillis(3), Duration.ofMillis(3));
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(messy), 64 * 1024, 30);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 2, timeoutSeconds = 60)
    @DisplayName("20 KB arrive exactly with 50 ms of delay each way and 10% loss")
    void underDelayAndLoss() throws Throwable {
        Impairment slow = Impairment.none().loss(0.1).delay(Duration.ofMillis(50), Duration.ofMillis(10));
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(slow), 20 * 1024, 200);
        Transfer.assertDeliveredExactly(result);
    }

    @Graded(points = 3, timeoutSeconds = 60)
    @DisplayName("efficiency: under 20% loss the sender sends little more than the loss requires")
    void sendsNoMoreThanTheLossRequires() throws Throwable {
        double loss = 0.2;
        int size = 256 * 1024;
        // A longer timeout than elsewhere: a busy machine must not cause retransmissions counted against the sender.
        Transfer.Result result = stopAndWait(Transfer.with("RdtSender").both(Impairment.none().loss(loss)), size, 50);
        Transfer.assertDeliveredExactly(result);
        int packets = RdtReference.packetsFor(size);
        double success = (1 - loss) * (1 - loss); // a packet and its ACK both get through
        double needed = packets / success;
        long bound = Math.round(1.3 * needed + 10);
        assertThat(result.upstream().received()).as(String.format(Locale.ROOT, "the datagrams your sender sent for %d packets"
                + " (data and FIN): with %.0f%% loss each way a packet and its ACK both get through %.0f%% of the time, so"
                + " about %.0f sends are needed; at most %d are allowed (sending copies \"just in case\" wastes the link)",
                packets, loss * 100, success * 100, needed, bound)).isLessThanOrEqualTo(bound);
    }

    @Graded(points = 1, timeoutSeconds = 40)
    @DisplayName("the receiver survives empty, 64 KB, garbage and corrupted datagrams, then receives a file exactly")
    void receiverSurvivesStrayDatagrams() throws Throwable {
        byte[] huge = new byte[65_000];
        new Random(Trace.current().seed()).nextBytes(huge);
        byte[] corrupted = RdtReference.encode(RdtReference.DATA, 0, "not this".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        corrupted[12] ^= 0x10;
        byte[][] strays = {new byte[0], huge, {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
                "HELLO".getBytes(java.nio.charset.StandardCharsets.UTF_8), corrupted};
        Transfer.Result result = Transfer.with("RdtSender").run(Transfer.payload(20_000),
                (host, port) -> new RdtSender(host, port, FAST_TIMEOUT_MILLIS), RdtSender::send,
                receiverPort -> {
                    Trace.current().wire("before the transfer, the grader sends stray datagrams straight to your receiver:"
                            + " empty, 65000 random bytes, ff fe 00 01 02, \"HELLO\", and DATA 0 with a flipped bit");
                    try (UdpProbe stray = UdpProbe.to(receiverPort)) {
                        for (byte[] datagram : strays) {
                            stray.send(datagram);
                        }
                    }
                });
        Transfer.assertDeliveredExactly(result);
    }

    // ---------------------------------------------------------------------------------------------

    private static Transfer.Result stopAndWait(Transfer transfer, int size, int timeoutMillis) throws Throwable {
        Trace.current().wire("RdtSender's retransmission timeout: " + timeoutMillis + " ms");
        return transfer.run(Transfer.payload(size), (host, port) -> new RdtSender(host, port, timeoutMillis), RdtSender::send);
    }

    private static byte[] withTrailingJunk(byte[] packet) {
        byte[] buffer = new byte[packet.length + 16];
        System.arraycopy(packet, 0, buffer, 0, packet.length);
        java.util.Arrays.fill(buffer, packet.length, buffer.length, (byte) 0x5a);
        return buffer;
    }
}
