package socketlab.grader.toxiproxy.embedded;

/** How one toxic type treats the data passing through it. Implementations are stateless; state lives in ToxicInstance. */
interface ToxicBehavior {
    void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException;

    /** End of stream reached this toxic; by default it is passed on at once. */
    default void onEnd(ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        flow.end();
    }
}
