package socketlab.grader.wire;

import java.time.Duration;
import java.util.Base64;

/**
 * One thing that happened on the wire of a graded test, timed: a datagram or segment from one lane to another (and
 * what the network did to it), a connection opened or closed, a timer that ran out, a line the program printed, or a
 * note. Times are microseconds since the test's trace began.
 *
 * @param kind           what it is
 * @param atMicros       when it left (or began: a timer's start)
 * @param arriveMicros   when it arrived (a timer's end), or -1 if it never did (lost)
 * @param from           the lane it left
 * @param to             the lane it went to (the same lane for a timer, a print or a note)
 * @param label          a short label for the diagram, protocol-aware where the suite knows the format
 *                       ({@code DATA seq=3 (1024 B)}, {@code ACK 2}, {@code GET /index.html})
 * @param size           its payload length in bytes (0 for no payload)
 * @param network        what the relay or proxy did to it ("dropped", "delayed 120 ms", "the relay's copy", ...), or
 * null
 * @param retransmission whether the sender had sent the same packet before
 * @param text           its line in the feedback's text form, or null if it is only drawn
 * @param source         where it came from on the wire, e.g. {@code 127.0.0.1:50206}, or null if unknown
 * @param destination    where it went on the wire, or null if unknown
 * @param payload        its bytes, Base64 (possibly fewer than {@code size}: traces keep a bounded amount), or null
 */
public record WireEvent(
        Kind kind,
        long atMicros,
        long arriveMicros,
        Lane from,
        Lane to,
        String label,
        int size,
        String network,
        boolean retransmission,
        String text,
        String source,
        String destination,
        String payload) {

    /** What a wire event is. */
    public enum Kind {
        DATAGRAM,
        SEGMENT,
        CONNECT,
        FIN,
        RESET,
        TIMEOUT,
        PRINTED,
        NOTE,
        FAILED;

        /** Whether it crosses from one lane to another (an arrow). */
        public boolean isArrow() {
            return this == DATAGRAM || this == SEGMENT || this == CONNECT || this == FIN || this == RESET;
        }
    }

    /** A note in the text form only (what a harness writes with {@code Trace.wire(line)}). */
    public static WireEvent note(long atMicros, String text) {
        return new WireEvent(
                Kind.NOTE, atMicros, atMicros, Lane.CLIENT, Lane.CLIENT, text, 0, null, false, text, null, null, null);
    }

    /** The client waited {@code wait} up to {@code nowMicros} and nothing came: a bracket on its lane. */
    public static WireEvent timeout(long nowMicros, Duration wait, String text) {
        return new WireEvent(
                Kind.TIMEOUT,
                Math.max(0, nowMicros - wait.toMillis() * 1000),
                nowMicros,
                Lane.CLIENT,
                Lane.CLIENT,
                "nothing within " + wait.toMillis() + " ms",
                0,
                null,
                false,
                text,
                null,
                null,
                null);
    }

    /**
     * An arrow from {@code from} to {@code to}: it leaves at {@code atMicros}, arrives at {@code arriveMicros} (-1:
     * lost).
     */
    public static WireEvent arrow(
            Kind kind, long atMicros, long arriveMicros, Lane from, Lane to, String label, byte[] payload) {
        return new WireEvent(
                kind,
                atMicros,
                arriveMicros,
                from,
                to,
                label,
                payload == null ? 0 : payload.length,
                null,
                false,
                null,
                null,
                null,
                payload == null ? null : Base64.getEncoder().encodeToString(payload));
    }

    public boolean lost() {
        return kind.isArrow() && arriveMicros < 0;
    }

    public WireEvent withText(String line) {
        return new WireEvent(
                kind,
                atMicros,
                arriveMicros,
                from,
                to,
                label,
                size,
                network,
                retransmission,
                line,
                source,
                destination,
                payload);
    }

    public WireEvent withNetwork(String what) {
        return new WireEvent(
                kind,
                atMicros,
                arriveMicros,
                from,
                to,
                label,
                size,
                what,
                retransmission,
                text,
                source,
                destination,
                payload);
    }

    public WireEvent asRetransmission() {
        return new WireEvent(
                kind, atMicros, arriveMicros, from, to, label, size, network, true, text, source, destination, payload);
    }

    /** The same event between these two wire addresses ({@code host:port}), for a capture. */
    public WireEvent between(String sourceAddress, String destinationAddress) {
        return new WireEvent(
                kind,
                atMicros,
                arriveMicros,
                from,
                to,
                label,
                size,
                network,
                retransmission,
                text,
                sourceAddress,
                destinationAddress,
                payload);
    }

    WireEvent withPayload(String base64) {
        return new WireEvent(
                kind,
                atMicros,
                arriveMicros,
                from,
                to,
                label,
                size,
                network,
                retransmission,
                text,
                source,
                destination,
                base64);
    }

    /** The bytes kept of its payload (empty if none were). */
    public byte[] payloadBytes() {
        return payload == null ? new byte[0] : Base64.getDecoder().decode(payload);
    }

    /** Whether nothing happened to it worth a second look: an arrow delivered as sent, first time. */
    public boolean plain() {
        return kind == Kind.DATAGRAM || kind == Kind.SEGMENT ? network == null && !retransmission && !lost() : false;
    }
}
