package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.TimeUnit;

/** On the first data (or end of stream) waits timeout ms, then resets the connection with RST; the data is dropped. */
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
        long timeout = Math.max(0, toxic.definition.attribute("timeout"));
        flow.awaitUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout));
        flow.resetConnection();
        throw new PipeStoppedException();
    }
}
