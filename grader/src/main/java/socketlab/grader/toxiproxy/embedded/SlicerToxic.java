package socketlab.grader.toxiproxy.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts chunks into pieces of about average_size ± size_variation bytes (Toxiproxy's recursive halving), sending
 * each piece and then waiting delay microseconds. Degenerate settings are clamped instead of looping forever.
 */
final class SlicerToxic implements ToxicBehavior {
    @Override
    public void onChunk(Chunk chunk, ToxicInstance toxic, Flow flow) throws PipeStoppedException {
        long average = Math.max(1, toxic.definition.attribute("average_size"));
        long variation = Math.max(0, Math.min(toxic.definition.attribute("size_variation"), average - 1));
        long delayNanos = Math.max(0, toxic.definition.attribute("delay")) * 1_000L;
        List<Integer> cuts = new ArrayList<>();
        cut(0, chunk.length, average, variation, flow.random(), cuts);
        long deadline = System.nanoTime();
        for (int i = 0; i + 1 < cuts.size(); i += 2) {
            flow.emit(chunk.slice(cuts.get(i), cuts.get(i + 1)));
            deadline += delayNanos;
            flow.awaitUntil(deadline);
        }
    }

    private static void cut(int start, int end, long average, long variation, SplittableRandom random,
                            List<Integer> cuts) {
        if ((end - start) - average <= variation) {
            cuts.add(start);
            cuts.add(end);
            return;
        }
        long offset = variation > 0 ? random.nextLong(variation * 2) - variation : 0;
        int mid = (int) Math.max(start + 1, Math.min(end - 1, start + (end - start) / 2 + offset));
        cut(start, mid, average, variation, random, cuts);
        cut(mid, end, average, variation, random, cuts);
    }
}
