package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import socketlab.grader.relay.Packet;
import socketlab.grader.relay.Script;

/**
 * The textbook's scenarios of reliable transfer, played exactly by the relay's script: the packets a protocol must
 * send in each, and the checks that compare a run with them.
 */
final class Scenario {

    private Scenario() {}

    /** Packet {@code seq} of a transfer of {@code packets} packets: DATA, or the FIN for the last. */
    static Packet packet(int seq, int packets) {
        return new Packet(seq == packets - 1 ? "FIN" : "DATA", seq);
    }

    /** Packets {@code from} to {@code to} - 1, once each. */
    static List<Packet> range(int from, int to, int packets) {
        List<Packet> list = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            list.add(packet(seq, packets));
        }
        return list;
    }

    /** Every packet once, then packet {@code again} a second time right after its first copy. */
    static List<Packet> onceWithARepeatOf(int again, int packets) {
        List<Packet> list = range(0, packets, packets);
        list.add(again + 1, packet(again, packets));
        return list;
    }

    @SafeVarargs
    static List<Packet> concat(List<Packet>... parts) {
        List<Packet> all = new ArrayList<>();
        for (List<Packet> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** The first copy of packet {@code seq} going to the receiver. */
    static Script.Rule dropData(int seq, int packets) {
        Packet packet = packet(seq, packets);
        return Script.Rule.drop(Script.Match.packet(packet.kind(), packet.seq()));
    }

    /** The first copy of ACK {@code seq}. */
    static Script.Rule dropAck(int seq) {
        return Script.Rule.drop(Script.Match.packet("ACK", seq));
    }

    /** The sender sent exactly {@code expected}, in that order. */
    static void assertSent(RdtLog log, List<Packet> expected, String senderName, String why) {
        List<Packet> actual = log.sentPackets();
        int at = 0;
        while (at < Math.min(actual.size(), expected.size())
                && java.util.Objects.equals(actual.get(at), expected.get(at))) {
            at++;
        }
        String first = at == actual.size() && at == expected.size()
                ? ""
                : "; the first difference is datagram " + (at + 1) + ": yours "
                        + (at < actual.size() ? "was " + actual.get(at) : "was never sent") + ", the protocol's "
                        + (at < expected.size() ? "is " + expected.get(at) : "does not exist");
        assertThat(log.describeSent())
                .as("the packets your " + senderName + " sent, in order (" + why + "): the protocol" + " sends exactly "
                        + expected.size() + " datagrams, yours sent " + log.datagramsSent() + first)
                .isEqualTo(RdtLog.describe(expected));
    }

    /**
     * A scenario's run: never beyond the window, exactly the packets the protocol sends there, in order, the data
     * delivered.
     */
    static void assertProtocol(
            Transfer.Result result, int window, List<Packet> expected, String senderName, String why) {
        assertWindow(result.log(), window);
        assertSent(result.log(), expected, senderName, why);
        Transfer.assertDeliveredExactly(result);
    }

    /** Never more than {@code window} packets unacknowledged (stop-and-wait: 1). */
    static void assertWindow(RdtLog log, int window) {
        log.sentBeyondWindow(window).ifPresent(problem -> fail(problem + ". It sent: " + log.describeSent()));
    }

    /** The receiver answered each datagram that reached it with the ACK of the last packet it had in order. */
    static void assertAcks(RdtLog log) {
        assertThat(RdtLog.describe(log.acksSent()))
                .as("the ACKs your RdtReceiver sent, in order, for the datagrams that"
                        + " reached it (" + RdtLog.describe(log.packetsReceived())
                        + "): each intact packet, a copy too, is answered"
                        + " with the ACK of the last packet received in order")
                .isEqualTo(RdtLog.describe(log.acksExpected()));
    }
}
