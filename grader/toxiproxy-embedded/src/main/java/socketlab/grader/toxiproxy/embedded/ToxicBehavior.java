package socketlab.grader.toxiproxy.embedded;

/**
 * What a toxic does to one stream (one direction of one connection), given its settings: Toxiproxy's toxic Pipe.
 * Each stream gets its own object ({@link ToxicType#forStream()}), so a toxic that keeps state between chunks keeps
 * it in its own fields, as Toxiproxy's stateful toxics keep theirs in the stub's NewState(). Only the stream's
 * writer thread calls it.
 */
interface ToxicBehavior {
    void onChunk(Chunk chunk, ToxicDefinition settings, Flow flow) throws PipeStoppedException;

    /** End of stream reached this toxic; by default it is passed on at once. */
    default void onEnd(ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        flow.end();
    }

    /** A new run of the toxic handles its first data: what lives only for one run starts afresh (Go's locals). */
    default void runStarted() {}
}
