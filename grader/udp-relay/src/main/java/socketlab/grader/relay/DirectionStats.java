package socketlab.grader.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of one direction's counters.
 *
 * @param received       datagrams that reached the relay
 * @param forwarded      copies sent on (duplicates included)
 * @param dropped        copies dropped: lost, too large, queue full or undeliverable
 * @param duplicated     extra copies made by duplication
 * @param delayed        copies sent later than they arrived (delay, jitter or rate-limit queueing)
 * @param reordered      datagrams held back until a later one had gone by
 * @param corrupted      datagrams with flipped bits
 * @param bytesReceived  payload bytes received
 * @param bytesForwarded payload bytes sent on
 */
public record DirectionStats(
        long received,
        long forwarded,
        long dropped,
        long duplicated,
        long delayed,
        long reordered,
        long corrupted,
        long bytesReceived,
        long bytesForwarded) {

    /** Copies still waiting in the relay: every received datagram and every duplicate ends forwarded or dropped. */
    public long inFlight() {
        return Math.max(0, received + duplicated - forwarded - dropped);
    }

    /**
     * E.g. "10 received, 3 dropped, 7 forwarded, 1 duplicated"; counters that are zero beyond the first three are left
     * out.
     */
    public String summary() {
        List<String> parts =
                new ArrayList<>(List.of(received + " received", dropped + " dropped", forwarded + " forwarded"));
        addIfPositive(parts, duplicated, "duplicated");
        addIfPositive(parts, corrupted, "corrupted");
        addIfPositive(parts, reordered, "reordered");
        addIfPositive(parts, delayed, "delayed");
        return String.join(", ", parts);
    }

    private static void addIfPositive(List<String> parts, long count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }
}
