package socketlab.grader.relay;

import java.util.ArrayList;
import java.util.List;

/** The most recent relay events, oldest first; older ones are overwritten so memory stays bounded. */
final class EventLog {
    private final RelayEvent[] ring;
    private int next;
    private long total;

    EventLog(int capacity) {
        ring = new RelayEvent[capacity];
    }

    synchronized void add(RelayEvent event) {
        if (ring.length == 0) {
            return;
        }
        ring[next] = event;
        next = (next + 1) % ring.length;
        total++;
    }

    synchronized List<RelayEvent> snapshot() {
        int size = (int) Math.min(total, ring.length);
        List<RelayEvent> events = new ArrayList<>(size);
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            events.add(ring[(start + i) % ring.length]);
        }
        return events;
    }

    /** How many events were ever logged, including those overwritten. */
    synchronized long total() {
        return total;
    }
}
