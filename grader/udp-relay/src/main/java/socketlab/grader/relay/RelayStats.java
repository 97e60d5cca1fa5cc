package socketlab.grader.relay;

/** A snapshot of both directions' counters. */
public record RelayStats(DirectionStats upstream, DirectionStats downstream) {

    public DirectionStats of(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    /** E.g. "upstream: 10 received, 3 dropped, 7 forwarded; downstream: 7 received, 2 dropped, 5 forwarded". */
    public String summary() {
        return "upstream: " + upstream.summary() + "; downstream: " + downstream.summary();
    }
}
