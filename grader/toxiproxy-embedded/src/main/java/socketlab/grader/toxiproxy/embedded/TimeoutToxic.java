package socketlab.grader.toxiproxy.embedded;

/**
 * Stops all data (it is dropped, as in Toxiproxy). The close after "timeout" ms is a timer each run of the toxic
 * starts ({@code Pipe.startRun}), because it must fire even when no data flows.
 */
final class TimeoutToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) {
        // Dropped on the floor.
    }
}
