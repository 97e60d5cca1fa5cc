package socketlab.grader.suites.udp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import socketlab.grader.relay.Direction;
import socketlab.grader.relay.Packet;
import socketlab.grader.relay.RelayEvent;
import socketlab.grader.relay.UdpRelay;

/**
 * What crossed the relay during a reliable transfer, read as the lab's packets: what the sender sent, in order, and
 * what came back. The protocol's rules are checked against it, in the relay's own clock: the sender cannot have
 * reacted to an ACK before the relay sent it on.
 */
final class RdtLog {

    /** The datagrams that reached the relay from the sender, in the order it read them (its copies left out). */
    private final List<RelayEvent> sent;
    /** The datagrams that reached the relay from the receiver, in the order it read them. */
    private final List<RelayEvent> acks;
    /** Every copy the relay sent on towards the sender, in the order it sent them. */
    private final List<RelayEvent> acksForwarded;
    /** Every copy the relay sent on, both ways, in the order it sent them. */
    private final List<RelayEvent> forwarded;

    private RdtLog(List<RelayEvent> events) {
        sent = arrivals(events, Direction.UPSTREAM);
        acks = arrivals(events, Direction.DOWNSTREAM);
        forwarded = events.stream()
                .filter(e -> !e.dropped())
                .sorted(Comparator.comparingLong(RelayEvent::sentNanos))
                .toList();
        acksForwarded = forwarded.stream()
                .filter(e -> e.direction() == Direction.DOWNSTREAM)
                .toList();
    }

    /** The relay's log, once it has settled. */
    static RdtLog of(UdpRelay relay) {
        return new RdtLog(relay.events());
    }

    private static List<RelayEvent> arrivals(List<RelayEvent> events, Direction direction) {
        return events.stream()
                .filter(e -> e.direction() == direction && e.action() != RelayEvent.Action.DUPLICATE_FORWARDED)
                .sorted(Comparator.comparingLong(RelayEvent::index))
                .toList();
    }

    /** The packets the sender sent, in order (null for a datagram that was not one). */
    List<Packet> sentPackets() {
        return sent.stream().map(RelayEvent::packet).toList();
    }

    /** Whether a copy of packet {@code seq} reached the receiver. */
    boolean reachedReceiver(long seq) {
        return forwardedToReceiver().stream()
                .anyMatch(
                        e -> !e.corrupted() && e.packet() != null && e.packet().seq() == seq);
    }

    /** The ACKs the receiver sent, in order. */
    List<Packet> acksSent() {
        return acks.stream().map(RelayEvent::packet).toList();
    }

    /** The copies the relay passed on to the receiver, in the order it sent them (a corrupted one as null). */
    List<Packet> packetsReceived() {
        return forwardedToReceiver().stream()
                .map(e -> e.corrupted() ? null : e.packet())
                .toList();
    }

    /**
     * The ACKs a receiver that follows the handout sends for what reached it: for each intact packet (a copy too), the
     * ACK of the last packet received in order; nothing for a corrupted datagram or an ACK.
     */
    List<Packet> acksExpected() {
        List<Packet> expected = new ArrayList<>();
        long next = 0;
        for (RelayEvent copy : forwardedToReceiver()) {
            Packet packet = copy.packet();
            if (copy.corrupted() || packet == null || packet.kind().equals("ACK")) {
                continue;
            }
            if (packet.seq() == next) {
                next++;
            }
            expected.add(new Packet("ACK", next - 1));
        }
        return expected;
    }

    private List<RelayEvent> forwardedToReceiver() {
        return forwarded.stream()
                .filter(e -> e.direction() == Direction.UPSTREAM)
                .toList();
    }

    int datagramsSent() {
        return sent.size();
    }

    int ackCount() {
        return acks.size();
    }

    /** How many times the sender sent packet {@code seq}. */
    long copiesOf(long seq) {
        return sent.stream()
                .filter(e -> e.packet() != null && e.packet().seq() == seq)
                .count();
    }

    /** "DATA 0, DATA 1, DATA 2 ×2, DATA 3, FIN 4": consecutive copies folded. */
    static String describe(List<Packet> packets) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < packets.size(); ) {
            int j = i;
            while (j < packets.size() && java.util.Objects.equals(packets.get(j), packets.get(i))) {
                j++;
            }
            String name =
                    packets.get(i) == null ? "(not a packet)" : packets.get(i).toString();
            out.add(j - i == 1 ? name : name + " ×" + (j - i));
            i = j;
        }
        return out.isEmpty() ? "nothing" : String.join(", ", out);
    }

    String describeSent() {
        return describe(sentPackets());
    }

    /**
     * The first packet the sender sent too early for a window of {@code window} packets: packet j (never sent before)
     * while the ACK of packet j − window had not yet been sent on to it by the relay. Stop-and-wait is a window of 1:
     * packet j only once the ACK of packet j − 1 reached the sender. Empty if it never did.
     */
    Optional<String> sentBeyondWindow(int window) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (RelayEvent event : sent) {
            Packet packet = event.packet();
            if (packet == null || !seen.add(packet.seq())) {
                continue;
            }
            long needed = packet.seq() - window;
            if (needed < 0) {
                continue;
            }
            boolean acked = acksForwarded.stream()
                    .anyMatch(ack -> ack.sentNanos() < event.receivedNanos()
                            && ack.packet() != null
                            && ack.packet().kind().equals("ACK")
                            && ack.packet().seq() >= needed);
            if (!acked) {
                Optional<RelayEvent> last = acksForwarded.stream()
                        .filter(ack -> ack.sentNanos() < event.receivedNanos())
                        .reduce((a, b) -> b);
                String before = last.map(ack -> "the last ACK that had reached it was " + ack.packet()
                                + (ack.scripted()
                                        ? ", which the relay had held back on purpose, past the sender's timer"
                                        : ""))
                        .orElse("no ACK had reached it yet");
                return Optional.of(
                        window == 1
                                ? "your sender sent " + packet + " before the ACK of packet " + needed
                                        + " had reached it (" + before
                                        + "). Stop-and-wait moves on only when the ACK of the packet in flight "
                                        + "comes: an ACK carries the number"
                                        + " of the packet it acknowledges, and a late ACK of an earlier packet is "
                                        + "not it"
                                : "your sender sent " + packet + " before the ACK of packet " + needed
                                        + " (or a later one) had reached"
                                        + " it (" + before + "): with a window of " + window + ", packet "
                                        + packet.seq() + " may go only once"
                                        + " packets up to " + needed + " are acknowledged");
            }
        }
        return Optional.empty();
    }

    /**
     * Who kept a transfer from ending, read from the relay's log when the sender gave up or hung: the packet the sender
     * was last sending, how many of its copies reached the receiver, and what the receiver answered.
     *
     * @param packets          how many packets the transfer has (the last is the FIN)
     * @param receiverReturned whether the receiver's receive() had returned
     */
    String diagnose(int packets, boolean receiverReturned) {
        if (sent.isEmpty()) {
            return "Your sender sent nothing through the relay.";
        }
        RelayEvent last = sent.get(sent.size() - 1);
        Packet stuck = last.packet();
        if (stuck == null) {
            return "The last datagram your sender sent was not a packet of the lab's format.";
        }
        List<RelayEvent> copies =
                sent.stream().filter(e -> stuck.equals(e.packet())).toList();
        long reached = copies.stream().filter(e -> !e.dropped()).count();
        long firstCopy = copies.get(0).receivedNanos();
        List<RelayEvent> answers =
                acks.stream().filter(e -> e.receivedNanos() >= firstCopy).toList();
        long answersForIt = answers.stream()
                .filter(e -> e.packet() != null && e.packet().seq() == stuck.seq())
                .count();
        long answersDelivered = answers.stream()
                .filter(e -> !e.dropped()
                        && !e.corrupted()
                        && e.packet() != null
                        && e.packet().seq() == stuck.seq())
                .count();
        boolean isFin = stuck.seq() == packets - 1;
        String what = copies.size() + " cop" + (copies.size() == 1 ? "y" : "ies") + " of " + stuck
                + (isFin ? " (the FIN)" : "") + " were sent; " + reached + " reached the receiver";
        if (answersDelivered > 0) {
            return what + ", and the relay passed " + answersDelivered + " intact ACK " + stuck.seq()
                    + " back to the sender,"
                    + " which still did not move on: the sender does not recognise the ACK of its packet (an ACK "
                    + "carries the"
                    + " number of the packet it acknowledges).";
        }
        if (reached > 0 && answersForIt < reached && receiverReturned && isFin) {
            return what + ". The receiver acknowledged the FIN, but that ACK was lost, and receive() had returned:"
                    + " nobody answered the FINs sent again. After the FIN the receiver"
                    + " must linger (TIME_WAIT) for LINGER_MILLIS, acknowledging FINs sent again, before receive() "
                    + "returns.";
        }
        if (reached > 1 && answersForIt <= 1) {
            return what + ", but the receiver acknowledged " + stuck + " " + answersForIt
                    + " time(s): when a packet comes again"
                    + " (its ACK was lost, or the sender's timer ran out early) the receiver must acknowledge it again,"
                    + " or the sender never learns it arrived.";
        }
        if (reached == 0) {
            return what + ": the relay lost every copy (a correct sender keeps trying, up to its limit).";
        }
        return what + "; the receiver sent " + answersForIt + " ACK " + stuck.seq() + ", and the relay lost every one.";
    }
}
