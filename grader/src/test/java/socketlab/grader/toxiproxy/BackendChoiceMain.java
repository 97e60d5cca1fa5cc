package socketlab.grader.toxiproxy;

/** Prints this JVM's backend choice, for tests that need a fresh JVM with its own environment (DOCKER_HOST). */
public final class BackendChoiceMain {
    private BackendChoiceMain() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        try {
            ToxiproxyBackends.Choice choice = ToxiproxyBackends.choice();
            System.out.println("backend=" + choice.backend());
            System.out.println("note=" + choice.note());
            try (ToxiproxyBackend backend = ToxiproxyBackends.create()) {
                System.out.println("name=" + backend.name());
            }
        } catch (IllegalStateException refused) {
            System.out.println("refused=" + refused.getMessage());
        }
        System.out.println("millis=" + (System.nanoTime() - start) / 1_000_000);
        System.exit(0);
    }
}
