package socketlab.grader.relay;

/** One copy of a datagram on its way through the relay, with where it goes and what was decided for it. */
final class InFlight {
    final Arrival arrival;
    final Route route;
    final boolean duplicate;
    final byte[] payload;
    final long plannedDelayNanos;
    final int flippedBits;
    final boolean holdBack;
    final long maxHoldNanos;
    /** What the script rule that decided its fate did, or null. */
    final Script.Action scriptAction;
    /** Whether it was actually held back (the slot may already be taken); guarded by the slot's lock. */
    boolean wasHeld;

    InFlight(
            Arrival arrival,
            Route route,
            boolean duplicate,
            byte[] payload,
            long plannedDelayNanos,
            int flippedBits,
            boolean holdBack,
            long maxHoldNanos,
            Script.Action scriptAction) {
        this.arrival = arrival;
        this.route = route;
        this.duplicate = duplicate;
        this.payload = payload;
        this.plannedDelayNanos = plannedDelayNanos;
        this.flippedBits = flippedBits;
        this.holdBack = holdBack;
        this.maxHoldNanos = maxHoldNanos;
        this.scriptAction = scriptAction;
    }

    /** The same copy, waiting {@code delayNanos} in all (rate-limit queueing added). */
    InFlight delayedBy(long delayNanos) {
        return new InFlight(
                arrival, route, duplicate, payload, delayNanos, flippedBits, holdBack, maxHoldNanos, scriptAction);
    }
}
