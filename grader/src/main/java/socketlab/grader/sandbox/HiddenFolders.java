package socketlab.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the student's programs must not see, and how they are kept from it: each of their processes
 * starts in a mount namespace of its own ({@code unshare --mount}, util-linux) where every folder of
 * the machine that is not the system's (the kit with its hidden tests and solutions, the home folders,
 * the other submissions, the results, {@code /autograder}) is covered by an empty read-only file system.
 * The JDK, the system's libraries and {@code /tmp} (where the sandbox folder is) stay.
 */
final class HiddenFolders {

    /** Top-level folders a JVM needs and that hold nothing of the grader's. */
    private static final Set<String> SYSTEM = Set.of("usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "proc", "dev", "sys",
            "tmp", "run", "var");
    /** Covers each folder named before "--", then runs what follows it. */
    private static final String COVER = "while [ \"$1\" != -- ]; do mount -t tmpfs -o ro,nosuid,nodev,size=4k,mode=755 socketlab-hidden"
            + " \"$1\" || exit 97; shift; done; shift; exec \"$@\"";

    private static Boolean available;

    private HiddenFolders() {
    }

    /**
     * The folders to cover: every top-level folder but the system's, and each of {@code sensitive} (the kit,
     * the submission) that is not inside one of those already; never one that holds something in {@code needed}.
     */
    static List<Path> around(List<Path> sensitive, List<Path> needed) {
        List<Path> cover = new ArrayList<>();
        try (Stream<Path> top = Files.list(Path.of("/"))) {
            for (Path folder : top.sorted().toList()) {
                if (Files.isDirectory(folder) && !Files.isSymbolicLink(folder) && !SYSTEM.contains(folder.getFileName().toString())) {
                    cover.add(folder);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        for (Path path : sensitive) {
            Path real = realPath(path);
            if (real != null && Files.isDirectory(real) && real.getNameCount() > 1 && cover.stream().noneMatch(real::startsWith)) {
                cover.add(real);
            }
        }
        List<Path> realNeeded = needed.stream().map(HiddenFolders::realPath).filter(p -> p != null).toList();
        cover.removeIf(folder -> realNeeded.stream().anyMatch(n -> n.startsWith(folder)));
        // A folder inside another covered one is gone already (and mounting over it would fail: it is not in the empty one).
        List<Path> outermost = new ArrayList<>(cover.stream().filter(folder -> cover.stream()
                .noneMatch(other -> !other.equals(folder) && folder.startsWith(other))).distinct().toList());
        outermost.sort(Comparator.comparing(Path::toString));
        return outermost;
    }

    /** {@code program}, started in a mount namespace where {@code cover} are empty. */
    static List<String> wrap(List<Path> cover, List<String> program) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", COVER, "sh"));
        cover.forEach(folder -> command.add(folder.toString()));
        command.add("--");
        command.addAll(program);
        return command;
    }

    /** True if this machine lets the grader make mount namespaces (root, and a container that allows them). */
    static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        Path target = null;
        try {
            target = Files.createTempDirectory("socketlab-mount-probe-");
            Process process = new ProcessBuilder(wrap(List.of(target), List.of("true"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (target != null) {
                new File(target.toString()).delete();
            }
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
