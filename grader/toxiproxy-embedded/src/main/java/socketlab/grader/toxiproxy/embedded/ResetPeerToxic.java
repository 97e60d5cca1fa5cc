package socketlab.grader.toxiproxy.embedded;

/**
 * On the first data (or end of stream) waits timeout ms, then resets the connection with RST; the data is dropped.
 * As in Toxiproxy, nothing interrupts that wait.
 */
final class ResetPeerToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        reset(settings, flow);
    }

    @Override
    public void onEnd(ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        reset(settings, flow);
    }

    private static void reset(ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        flow.pause(GoDuration.millis(settings.attribute("timeout")));
        flow.resetConnection();
        throw new PipeStoppedException();
    }
}
