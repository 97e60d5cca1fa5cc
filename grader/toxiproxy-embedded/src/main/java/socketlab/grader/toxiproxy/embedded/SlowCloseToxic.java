package socketlab.grader.toxiproxy.embedded;

/**
 * Lets data through but holds the close for delay milliseconds. Interrupted while holding it, the close goes to
 * the chain as it is now: at once if the toxic was removed, after its (new) delay again if it was updated.
 */
final class SlowCloseToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        flow.emit(chunk);
    }

    @Override
    public void onEnd(ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        if (flow.hold(GoDuration.millis(toxic.definition.attribute("delay")))) {
            flow.end();
        } else {
            flow.endAgain();
        }
    }
}
