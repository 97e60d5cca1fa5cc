package socketlab.grader.relay;

/** Holds at most one held-back datagram of one session and direction until the next one has been sent. */
final class ReorderSlot {
    /** Guarded by this. */
    private InFlight held;

    /** Takes {@code copy} into the slot; false if the slot already holds one. Caller holds the lock. */
    boolean tryHold(InFlight copy) {
        if (held != null) {
            return false;
        }
        held = copy;
        return true;
    }

    /** Empties the slot and returns what it held, or null. Caller holds the lock. */
    InFlight take() {
        InFlight copy = held;
        held = null;
        return copy;
    }

    /** Empties the slot if it still holds {@code copy}. Caller holds the lock. */
    boolean takeIfHeld(InFlight copy) {
        if (held != copy) {
            return false;
        }
        held = null;
        return true;
    }
}
