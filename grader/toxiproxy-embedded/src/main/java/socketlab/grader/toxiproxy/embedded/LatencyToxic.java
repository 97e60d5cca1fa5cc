package socketlab.grader.toxiproxy.embedded;

/**
 * Delays each chunk by latency ± jitter milliseconds counted from the chunk's arrival, so time spent queued
 * behind earlier chunks is not added twice (Toxiproxy subtracts time.Since(chunk.Timestamp) the same way).
 * Interrupted (removed, updated, a toxic added after it), it forwards the chunk it holds at once.
 */
final class LatencyToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long delay = toxic.definition.attribute("latency");
        long jitter = toxic.definition.attribute("jitter");
        if (jitter > 0) {
            // Toxiproxy: rand.Int63n(jitter*2) - jitter, uniform in [-jitter, jitter); ToxicLimits keeps jitter*2 > 0.
            delay += flow.random().nextLong(jitter * 2) - jitter;
        }
        long sleep = GoDuration.millis(delay) - (System.nanoTime() - chunk.stampNanos);
        if (flow.hold(sleep)) {
            flow.emit(chunk.stampedAt(chunk.stampNanos + sleep));
        } else {
            flow.emit(chunk); // "Exit fast without applying latency", data never dropped
        }
    }
}
