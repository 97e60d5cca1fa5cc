package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.TimeUnit;

/**
 * Delays each chunk by latency ± jitter milliseconds counted from the chunk's arrival, so time spent queued
 * behind earlier chunks is not added twice (Toxiproxy subtracts time.Since(chunk.Timestamp) the same way).
 */
final class LatencyToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long latency = toxic.definition.attribute("latency");
        long jitter = toxic.definition.attribute("jitter");
        long delayMillis = latency;
        if (jitter > 0) {
            // Toxiproxy: rand.Int63n(jitter*2) - jitter, uniform in [-jitter, jitter).
            delayMillis += flow.random().nextLong(jitter * 2) - jitter;
        }
        long due = chunk.stampNanos + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        flow.awaitUntil(due);
        flow.emit(chunk.stampedAt(Math.max(due, chunk.stampNanos)));
    }
}
