package socketlab.grader.wire;

import java.util.List;

/**
 * What crossed the wire during one graded test, in time order, as the test's {@code Trace} kept it: bounded (the
 * first and the last events; {@code omitted} events between them were counted, not kept). It travels from the test
 * JVM to the grading process with the test's outcome, and becomes the report's sequence diagram, the feedback's
 * text form and the test's capture.
 *
 * @param transport        "UDP" or "TCP" (what the capture writes), or null if nothing crossed a socket
 * @param network          what stood between client and server ("the UDP relay", "Toxiproxy"), or null: direct loopback
 * @param clientName       the client lane's name ("your client", "the grader's client")
 * @param serverName       the server lane's name
 * @param startEpochMicros when the trace began, in microseconds since 1970 (the capture's clock)
 * @param events           the events kept, in time order
 * @param omittedAt        the index in {@code events} before which the omitted events happened
 * @param omitted          how many events were counted but not kept
 */
public record Timeline(
        String transport,
        String network,
        String clientName,
        String serverName,
        long startEpochMicros,
        List<WireEvent> events,
        int omittedAt,
        int omitted) {

    public Timeline {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Whether anything crossed from one lane to another. */
    public boolean hasArrows() {
        return events.stream().anyMatch(e -> e.kind().isArrow());
    }

    /** Whether a capture can be written: a relay or proxy carried its traffic and the events have wire addresses. */
    public boolean capturable() {
        return network != null
                && transport != null
                && events.stream().anyMatch(e -> e.kind().isArrow() && e.source() != null && e.destination() != null);
    }

    /** The same timeline without payloads (a passing test's picture needs none). */
    public Timeline withoutPayloads() {
        return new Timeline(
                transport,
                network,
                clientName,
                serverName,
                startEpochMicros,
                events.stream()
                        .map(e -> e.payload() == null ? e : e.withPayload(null))
                        .toList(),
                omittedAt,
                omitted);
    }
}
