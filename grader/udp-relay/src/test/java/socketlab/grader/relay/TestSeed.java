package socketlab.grader.relay;

/** The seed of a randomised test: a fixed default, overridable with -Dsocketlab.seed=N to replay a failure. */
final class TestSeed {
    static final String PROPERTY = "socketlab.seed";

    private TestSeed() {}

    static long forTest(String testName, long defaultSeed) {
        long seed = Long.getLong(PROPERTY, defaultSeed);
        System.out.println("[" + testName + "] seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }
}
