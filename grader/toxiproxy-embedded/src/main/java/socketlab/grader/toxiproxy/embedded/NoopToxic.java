package socketlab.grader.toxiproxy.embedded;

/** Passes data through untouched (Toxiproxy registers it as "noop"). */
final class NoopToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        flow.emit(chunk);
    }
}
