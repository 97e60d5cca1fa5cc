package socketlab.grader.sandbox;

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
 * the other submissions, the results, {@code /autograder}) is covered by an empty read-only file system,
 * and the machine's shared scratch folders ({@code /tmp}, {@code /var/tmp}, {@code /dev/shm}, where
 * anyone may have left a world-readable copy of the kit) by empty private ones. What the programs need
 * (the sandbox folder, the JDK) is put back at its own path: bound from a descriptor opened before
 * anything was covered.
 */
final class HiddenFolders {

    /** What a sandboxed process sees: {@code covered} folders emptied, {@code kept} folders put back inside them. */
    record View(List<Path> covered, List<Path> kept) {

        View {
            covered = List.copyOf(covered);
            kept = List.copyOf(kept);
        }

        boolean isEmpty() {
            return covered.isEmpty() && kept.isEmpty();
        }
    }

    /** Top-level folders a JVM needs and that hold nothing of the grader's (the scratch folders are replaced). */
    private static final Set<String> SYSTEM = Set.of(
            "usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "proc", "dev", "sys", "tmp", "run", "var");
    /** Shared, world-writable folders: replaced by private ones, so the programs still have somewhere to write. */
    static final List<Path> SCRATCH = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
    /**
     * Each scratch folder's size: tmpfs lives in memory, and every process the grader starts has folders of its own,
     * so a program filling them must not take the machine's memory (a lab program needs a few kilobytes there).
     */
    static final String SCRATCH_SIZE = "32m";
    /**
     * Descriptors 3 to 9 hold the kept folders while the covering runs (the shell names descriptors with one digit).
     */
    private static final int MAX_KEPT = 7;

    private static Boolean available;

    private HiddenFolders() {}

    /**
     * The view for programs that must not see {@code sensitive} (the kit, the submission, the class folder)
     * and need {@code needed} (the sandbox folder, the JDK): every top-level folder but the system's is
     * covered, and each sensitive folder not inside one of those; each needed folder that would be gone is kept.
     */
    static View around(List<Path> sensitive, List<Path> needed) {
        List<Path> cover = new ArrayList<>();
        try (Stream<Path> top = Files.list(Path.of("/"))) {
            for (Path folder : top.sorted().toList()) {
                if (Files.isDirectory(folder)
                        && !Files.isSymbolicLink(folder)
                        && !SYSTEM.contains(folder.getFileName().toString())) {
                    cover.add(folder);
                }
            }
        } catch (IOException e) {
            return new View(List.of(), List.of());
        }
        for (Path path : sensitive) {
            Path real = realPath(path);
            if (real != null && Files.isDirectory(real) && real.getNameCount() > 1) {
                cover.add(real);
            }
        }
        // A folder inside another covered one, or in a scratch folder, is gone already (and mounting over it would
        // fail: it is not in the empty one).
        List<Path> coverOrScratch = new ArrayList<>(cover);
        coverOrScratch.addAll(SCRATCH);
        List<Path> outermost = new ArrayList<>(cover.stream()
                .filter(folder ->
                        coverOrScratch.stream().noneMatch(other -> !other.equals(folder) && folder.startsWith(other)))
                .distinct()
                .toList());
        outermost.sort(Comparator.comparing(Path::toString));
        List<Path> gone = new ArrayList<>(outermost);
        gone.addAll(SCRATCH);
        List<Path> kept = needed.stream()
                .map(HiddenFolders::realPath)
                .filter(p -> p != null && Files.isDirectory(p))
                .filter(p -> gone.stream().anyMatch(p::startsWith))
                .distinct()
                .toList();
        if (kept.size() > MAX_KEPT) {
            throw new IllegalArgumentException(
                    "at most " + MAX_KEPT + " folders can be kept in view, not " + kept.size());
        }
        return new View(outermost, kept);
    }

    /**
     * {@code program}, started in a mount namespace with {@code view}: covered folders mounted empty (written to
     * while the kept folders are bound back into them, then made read-only), scratch folders replaced by
     * private ones of {@value #SCRATCH_SIZE} each, kept folders bound from descriptors opened before anything was
     * covered.
     */
    static List<String> wrap(View view, List<String> program) {
        StringBuilder script = new StringBuilder();
        List<Path> kept = view.kept();
        for (int i = 0; i < kept.size(); i++) {
            script.append("k").append(i).append("=$1; shift; ");
        }
        for (int i = 0; i < kept.size(); i++) {
            script.append("exec ").append(i + 3).append("<\"$k").append(i).append("\" || exit 96; ");
        }
        script.append("for c in \"$@\"; do [ \"$c\" = -- ] && break; ")
                .append("mount -t tmpfs -o rw,nosuid,nodev,size=64k,mode=755 socketlab-hidden \"$c\" || exit 97; "
                        + "done; ");
        for (Path scratch : SCRATCH) {
            script.append("if [ -d ")
                    .append(scratch)
                    .append(" ]; then mount -t tmpfs -o rw,nosuid,nodev,size=" + SCRATCH_SIZE
                            + ",mode=1777 socketlab-scratch ")
                    .append(scratch)
                    .append(" || exit 98; fi; ");
        }
        for (int i = 0; i < kept.size(); i++) {
            script.append("mkdir -p \"$k")
                    .append(i)
                    .append("\" && mount --no-canonicalize --bind /proc/self/fd/")
                    .append(i + 3)
                    .append(" \"$k")
                    .append(i)
                    .append("\" || exit 99; exec ")
                    .append(i + 3)
                    .append("<&-; ");
        }
        script.append(
                "while [ \"$1\" != -- ]; do mount -o remount,ro,nosuid,nodev \"$1\" || exit 97; shift; done; shift; "
                        + "exec \"$@\"");
        List<String> command = new ArrayList<>(List.of(
                "unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script.toString(), "sh"));
        kept.forEach(folder -> command.add(folder.toString()));
        view.covered().forEach(folder -> command.add(folder.toString()));
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
        try {
            Process process = new ProcessBuilder(wrap(new View(List.of(), List.of()), List.of("true")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
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
