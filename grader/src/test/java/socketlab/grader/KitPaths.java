package socketlab.grader;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the kit is, for the grader's own tests (surefire and failsafe pass socketlab.kit.root). */
public final class KitPaths {

    private KitPaths() {}

    public static Path root() {
        String configured = System.getProperty("socketlab.kit.root");
        Path root = (configured != null ? Path.of(configured) : Path.of(".."))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(root.resolve("grader"))) {
            throw new IllegalStateException("cannot find the kit at " + root + " (set -Dsocketlab.kit.root)");
        }
        return root;
    }

    /** False in the student edition, which ships without solutions: tests that need them are skipped there. */
    public static boolean hasSolutions() {
        return Files.isDirectory(root().resolve("solutions"));
    }
}
