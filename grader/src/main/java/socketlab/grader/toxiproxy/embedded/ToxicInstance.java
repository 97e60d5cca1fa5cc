package socketlab.grader.toxiproxy.embedded;

/**
 * One toxic as seen by one pipe: whether its toxicity roll applied, plus the per-connection state that
 * stateful toxics keep (limit_data's byte count survives updates, as Toxiproxy's stub state does).
 */
final class ToxicInstance {
    ToxicDefinition definition;
    boolean applies;
    /** limit_data: bytes already let through on this connection. */
    long bytesPassed;
    /** bandwidth: when the link is free again (System.nanoTime), so rates hold by deadline, not by summed sleeps. */
    long nextFreeNanos;

    ToxicInstance(ToxicDefinition definition, boolean applies) {
        this.definition = definition;
        this.applies = applies;
    }
}
