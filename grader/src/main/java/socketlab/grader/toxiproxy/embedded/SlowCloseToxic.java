package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.TimeUnit;

/** Lets data through but holds the close for delay milliseconds. */
final class SlowCloseToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        flow.emit(chunk);
    }

    @Override
    public void onEnd(ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long delay = toxic.definition.attribute("delay");
        flow.awaitUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delay)));
        flow.end();
    }
}
