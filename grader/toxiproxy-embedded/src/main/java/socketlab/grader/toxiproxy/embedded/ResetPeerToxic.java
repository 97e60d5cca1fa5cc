package socketlab.grader.toxiproxy.embedded;

/**
 * On the first data (or end of stream) waits timeout ms, then resets the connection with RST; the data is dropped.
 * As in Toxiproxy, nothing interrupts that wait.
 */
final class ResetPeerToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        reset(toxic, flow);
    }

    @Override
    public void onEnd(ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        reset(toxic, flow);
    }

    private static void reset(ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        flow.pause(GoDuration.millis(toxic.definition.attribute("timeout")));
        flow.resetConnection();
        throw new PipeStoppedException();
    }
}
