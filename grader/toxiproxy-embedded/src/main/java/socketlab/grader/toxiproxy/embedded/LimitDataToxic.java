package socketlab.grader.toxiproxy.embedded;

/** Lets exactly "bytes" bytes through on each connection, then closes it. */
final class LimitDataToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long limit = toxic.definition.attribute("bytes");
        long remaining = Math.max(0, limit - toxic.bytesPassed);
        Chunk allowed = remaining < chunk.length ? chunk.slice(0, (int) remaining) : chunk;
        if (allowed.length > 0) {
            flow.emit(allowed);
            toxic.bytesPassed += allowed.length;
        }
        if (limit - toxic.bytesPassed <= 0) {
            flow.end();
        }
    }
}
