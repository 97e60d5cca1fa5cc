package socketlab.grader.toxiproxy.embedded;

/** Lets exactly "bytes" bytes through on each connection, then closes it. */
final class LimitDataToxic implements ToxicBehavior {
    /** Bytes let through on this stream so far, kept across runs (Toxiproxy's LimitDataToxicState). */
    private long bytesPassed;

    @Override
    public void onChunk(Chunk chunk, ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        long limit = settings.attribute("bytes");
        long remaining = Math.max(0, limit - bytesPassed);
        Chunk allowed = remaining < chunk.length ? chunk.slice(0, (int) remaining) : chunk;
        if (allowed.length > 0) {
            flow.emit(allowed);
            bytesPassed += allowed.length;
        }
        if (limit - bytesPassed <= 0) {
            flow.end();
        }
    }
}
