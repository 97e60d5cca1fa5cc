package socketlab.grader.toxiproxy.embedded;

/**
 * Limits throughput to rate KB/s (1 KB = 1000 bytes), as Toxiproxy's bandwidth toxic does: a chunk larger than
 * 100 ms of data goes out in 100 ms pieces, and the time it owes is slept off, the oversleep of one wait taken off
 * the next. Each wait starts when the previous piece was handed on (Toxiproxy's timer runs while the next stage
 * takes the piece). Rate 0 lets nothing through (Toxiproxy sends empty pieces forever). Interrupted (removed,
 * updated, a toxic added after it), it sends what it holds at once.
 */
final class BandwidthToxic implements ToxicBehavior {
    private static final long PIECE_NANOS = 100_000_000L;

    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long rate = toxic.definition.attribute("rate");
        if (rate <= 0) {
            toxic.bandwidthDebtNanos = 0;
        } else {
            toxic.bandwidthDebtNanos += chunk.length * 1_000_000L / rate;
        }
        long piece = rate * 100; // ToxicLimits keeps this from wrapping negative, as that would panic in Go
        int from = 0;
        long timerStart = System.nanoTime();
        while (chunk.length - from > piece) {
            if (!flow.hold(Flow.left(PIECE_NANOS, timerStart))) {
                flow.emit(chunk.slice(from, chunk.length));
                return;
            }
            int to = from + (int) piece;
            timerStart = System.nanoTime();
            flow.emit(chunk.slice(from, to));
            from = to;
            toxic.bandwidthDebtNanos -= PIECE_NANOS;
        }
        boolean waited = flow.hold(Flow.left(toxic.bandwidthDebtNanos, timerStart));
        if (waited) {
            // "time.After only seems to have ~1ms precision, so offset the next sleep by the error"
            toxic.bandwidthDebtNanos -= System.nanoTime() - timerStart;
        }
        flow.emit(chunk.slice(from, chunk.length));
    }
}
