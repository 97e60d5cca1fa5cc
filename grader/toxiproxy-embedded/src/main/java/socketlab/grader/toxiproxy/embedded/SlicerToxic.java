package socketlab.grader.toxiproxy.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts chunks into pieces of about average_size ± size_variation bytes (Toxiproxy's recursive halving) and waits
 * delay microseconds after handing each piece on, as Toxiproxy does: a piece held up downstream (a full socket,
 * a bandwidth toxic) delays the next one, but overdue pieces never go out in a burst. Interrupted, it sends the
 * rest of the chunk at once. Settings on which Toxiproxy's cutting breaks are refused by ToxicLimits.
 */
final class SlicerToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicDefinition settings, Flow flow) throws PipeStoppedException {
        long average = settings.attribute("average_size");
        long variation = settings.attribute("size_variation");
        long delay = GoDuration.micros(settings.attribute("delay"));
        List<Integer> cuts = new ArrayList<>();
        cut(0, chunk.length, average, variation, flow.random(), cuts);
        for (int i = 1; i < cuts.size(); i += 2) {
            long handedOn = System.nanoTime();
            flow.emit(chunk.slice(cuts.get(i - 1), cuts.get(i)));
            if (!flow.hold(Flow.left(delay, handedOn))) {
                flow.emit(chunk.slice(cuts.get(i), chunk.length));
                return;
            }
        }
    }

    /** Toxiproxy's SlicerToxic.chunk, with Go's int64 arithmetic. */
    private static void cut(
            int start, int end, long average, long variation, SplittableRandom random, List<Integer> cuts) {
        if ((end - start) - average <= variation) {
            cuts.add(start);
            cuts.add(end);
            return;
        }
        long mid = start + (end - start) / 2;
        if (variation > 0) {
            mid += random.nextLong(variation * 2) - variation;
        }
        cut(start, (int) mid, average, variation, random, cuts);
        cut((int) mid, end, average, variation, random, cuts);
    }
}
