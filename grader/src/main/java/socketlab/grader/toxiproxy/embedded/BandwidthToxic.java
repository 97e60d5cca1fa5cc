package socketlab.grader.toxiproxy.embedded;

/**
 * Limits throughput to rate KB/s (1 KB = 1000 bytes, as in Toxiproxy). Each piece gets a send deadline computed
 * from the previous one, so timer overshoot never accumulates; large chunks go out in 100 ms pieces like Toxiproxy.
 */
final class BandwidthToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long rate = toxic.definition.attribute("rate");
        if (rate <= 0) {
            flow.emit(chunk);
            return;
        }
        long maxPiece = Math.max(1, Math.min(Integer.MAX_VALUE, rate * 100));
        int from = 0;
        while (from < chunk.length) {
            int to = (int) Math.min(chunk.length, from + maxPiece);
            long start = Math.max(toxic.nextFreeNanos, chunk.stampNanos);
            // bytes / (rate * 1000 B/s) seconds = bytes * 1e6 / rate nanoseconds
            long due = start + (to - from) * 1_000_000L / rate;
            flow.awaitUntil(due);
            toxic.nextFreeNanos = due;
            flow.emit(chunk.slice(from, to).stampedAt(due));
            from = to;
        }
    }
}
