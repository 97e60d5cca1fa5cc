package socketlab.grader.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where and as whom a submission's programs run. Every process of the student's (the JVM that runs
 * the lab's classes for the tests, and each {@code main} run as a console program) is started through
 * {@link #command(List)}: on Linux as root, that drops to an unprivileged user of the submission's own
 * ({@value #FIRST_UID} and up, one per submission being graded at once) with capped processes and open
 * files; elsewhere the programs run as the grading user. Either way each carries a marker in its
 * environment, so that {@link #endAll()} finds and ends every one of them, including those that
 * detached from the process tree.
 *
 * <p>A sandbox is described to the grading JVMs by system properties ({@link #properties()}), and
 * rebuilt there by {@link #fromProperties()}.
 */
public final class Sandbox implements AutoCloseable {

    /** The users the student's programs run as, one per submission graded at once (where the grader is root). */
    public static final int FIRST_UID = 61000;

    public static final int LAST_UID = FIRST_UID + UserSlots.MACHINE.count() - 1;

    /** The most processes and threads the sandbox user may have (RLIMIT_NPROC counts threads too). */
    static final int MAX_PROCESSES = 1024;

    static final int MAX_OPEN_FILES = 4096;

    private static final String DIR = "socketlab.sandbox.dir";
    private static final String UID = "socketlab.sandbox.uid";
    private static final String MARKER = "socketlab.sandbox.marker";
    private static final String HIDDEN = "socketlab.sandbox.hidden";
    private static final String KEPT = "socketlab.sandbox.kept";
    static final String MARKER_VARIABLE = "SOCKETLAB_SANDBOX";

    private final Path dir;
    private final int uid;
    private final String marker;
    private final boolean owner;
    private final UserSlots.Slot slot;
    private final HiddenFolders.View view;

    private Sandbox(Path dir, int uid, String marker, boolean owner, UserSlots.Slot slot, HiddenFolders.View view) {
        this.dir = dir;
        this.uid = uid;
        this.marker = marker;
        this.owner = owner;
        this.slot = slot;
        this.view = view;
    }

    /**
     * A fresh sandbox for one submission: a folder for its programs, and, where the grader may, a user
     * of its own. Close it when the submission's grading is over.
     */
    public static Sandbox create(List<Path> sensitive) {
        try {
            UserSlots.Slot slot = separateUserPossible() ? UserSlots.MACHINE.take() : null;
            int uid = slot == null ? -1 : FIRST_UID + slot.index();
            Path dir = Files.createTempDirectory("socketlab-sandbox-");
            HiddenFolders.View view = uid >= 0 && HiddenFolders.available()
                    ? HiddenFolders.around(sensitive, List.of(dir, Path.of(System.getProperty("java.home"))))
                    : new HiddenFolders.View(List.of(), List.of());
            Sandbox sandbox = new Sandbox(dir, uid, UUID.randomUUID().toString(), true, slot, view);
            Files.createDirectories(sandbox.testFiles());
            if (uid >= 0) {
                // The sandbox user may enter its folder and the tests' one (to reach a web root opened for it); nobody
                // else may list them.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                Files.setPosixFilePermissions(sandbox.testFiles(), PosixFilePermissions.fromString("rwx--x--x"));
            }
            sandbox.closeToOthers(Files.createDirectories(sandbox.home()));
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder the student's programs run in", e);
        }
    }

    /** The sandbox the supervisor described to this JVM, or null when grading runs without one. */
    public static Sandbox fromProperties() {
        String dir = System.getProperty(DIR);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        return new Sandbox(
                Path.of(dir),
                Integer.parseInt(System.getProperty(UID, "-1")),
                System.getProperty(MARKER, ""),
                false,
                null,
                new HiddenFolders.View(paths(System.getProperty(HIDDEN, "")), paths(System.getProperty(KEPT, ""))));
    }

    /** The properties that describe this sandbox to a grading JVM. */
    public Map<String, String> properties() {
        return Map.of(
                DIR,
                dir.toString(),
                UID,
                String.valueOf(uid),
                MARKER,
                marker,
                HIDDEN,
                joined(view.covered()),
                KEPT,
                joined(view.kept()));
    }

    private static String joined(List<Path> paths) {
        return String.join(
                java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    private static List<Path> paths(String joined) {
        return joined.isEmpty()
                ? List.of()
                : java.util.Arrays.stream(joined.split(java.io.File.pathSeparator))
                        .map(Path::of)
                        .toList();
    }

    /**
     * The temporary folder of the JVM that runs the tests: inside the sandbox folder, so that what a test makes
     * for the student's programs (a web root) is still in view where the machine's own temporary folders are not.
     */
    public Path testFiles() {
        return dir.resolve("test-files");
    }

    /** True when the student's programs run as a user of their own. */
    public boolean separateUser() {
        return uid >= 0;
    }

    /** The working folder of the student's programs (theirs alone). */
    public Path home() {
        return dir.resolve("home");
    }

    /**
     * A copy of {@code folder} that the student's programs may read: their compiled classes, the agent.
     * Kept in the sandbox folder, since the grader's own folders are closed to the sandbox user.
     */
    public Path share(Path folder, String name) {
        Path copy = dir.resolve(name);
        try {
            if (!Files.exists(copy)) {
                copyTree(folder, copy);
                closeToOthers(copy);
            }
            return Files.isRegularFile(folder)
                    ? copy.resolve(folder.getFileName().toString())
                    : copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot share " + folder + " with the student's programs", e);
        }
    }

    /** The student's compiled classes, shared with their programs (one copy per classes folder). */
    public Path shareClasses(Path classes) {
        String key = Integer.toHexString(
                classes.toAbsolutePath().normalize().toString().hashCode());
        return share(classes, "classes-" + key);
    }

    /** Lets the student's programs read {@code path} and what is below it (a web root the test made). */
    public static void openForReading(Path path) {
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing is closed to begin with
        }
    }

    /** {@code program} as the sandbox starts it: as the sandbox user with its limits, where the grader may. */
    public List<String> command(List<String> program) {
        List<String> command = new ArrayList<>();
        if (uid >= 0) {
            command.addAll(List.of(
                    "prlimit",
                    "--nproc=" + MAX_PROCESSES,
                    "--nofile=" + MAX_OPEN_FILES,
                    "--core=0",
                    "--",
                    "setpriv",
                    "--reuid=" + uid,
                    "--regid=" + uid,
                    "--clear-groups",
                    "--no-new-privs",
                    "--"));
        }
        command.addAll(program);
        return view.isEmpty() ? command : HiddenFolders.wrap(view, command);
    }

    /** Sets up {@code builder} for a student's process: its folder, a bare environment with the marker. */
    public ProcessBuilder prepare(ProcessBuilder builder) {
        builder.directory(home().toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        String lang = env.get("LANG");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home().toString());
        if (lang != null) {
            env.put("LANG", lang);
        }
        env.put(MARKER_VARIABLE, marker);
        return builder;
    }

    /**
     * Ends every process of this sandbox's: those of its user (where it has one), and those that work in its
     * folder or whose environment carries its marker, wherever they are in the process tree. Returns how many.
     */
    public int endAll() {
        int ended = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            if (process.pid() == ProcessHandle.current().pid() || !belongs(process)) {
                continue;
            }
            process.destroyForcibly();
            ended++;
        }
        if (ended > 0) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
                if (belongs(process)) {
                    try {
                        process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (Exception e) {
                        // reported as still running by the next endAll(), if any
                    }
                }
            }
        }
        return ended;
    }

    private boolean belongs(ProcessHandle process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        try {
            if (uid >= 0
                    && Files.readString(proc.resolve("status"))
                            .lines()
                            .anyMatch(line ->
                                    line.startsWith("Uid:") && line.split("\\s+")[1].equals(String.valueOf(uid)))) {
                return true;
            }
            // Without a user of their own, a process is the sandbox's if it works in the sandbox folder or carries its
            // marker.
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            if (cwd.startsWith(dir)) {
                return true;
            }
            byte[] environ = Files.readAllBytes(proc.resolve("environ"));
            return contains(
                    environ, (MARKER_VARIABLE + "=" + marker).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return false; // gone, not ours to read, or not Linux
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** What this sandbox protects, in words for the report. */
    public List<String> protections() {
        List<String> lines = new ArrayList<>();
        lines.add("your programs ran in JVMs of their own, with none of the grader's or the tests' classes");
        if (uid >= 0) {
            lines.add("as a user of their own (uid " + uid + ", no groups, no new privileges), limited to "
                    + MAX_PROCESSES + " processes and threads and " + MAX_OPEN_FILES + " open files");
            lines.add(
                    view.isEmpty()
                            ? "the grader's files were NOT hidden from them (this machine allows no mount namespace: "
                                    + "unshare --mount failed);"
                                    + " keep the kit and the submissions unreadable to other users"
                            : "with the kit, the other submissions and the results hidden from them ("
                                    + view.covered().size()
                                    + " folders covered in a mount namespace of their own, and private "
                                    + scratchNames() + ")");
        } else {
            lines.add("as the grading user (a user of their own needs Linux, root, setpriv and prlimit: "
                    + whyNoSeparateUser()
                    + "), so a determined program could read the grader's files or disturb grading");
        }
        lines.add("every process they started was ended when grading ended");
        return lines;
    }

    private static String scratchNames() {
        return String.join(
                ", ", HiddenFolders.SCRATCH.stream().map(Path::toString).toList());
    }

    static boolean separateUserPossible() {
        return whyNoSeparateUser().isEmpty();
    }

    private static String whyNoSeparateUser() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return "this is not Linux";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the grader is not running as root";
        }
        for (String tool : List.of("setpriv", "prlimit")) {
            if (!onPath(tool)) {
                return tool + " is not installed (util-linux)";
            }
        }
        return "";
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Makes {@code path} the sandbox user's (where it has one) and closes it to every other user. */
    private void closeToOthers(Path path) throws IOException {
        if (uid >= 0) {
            giveToUser(path);
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private void giveToUser(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to);
            Files.copy(from, to.resolve(from.getFileName().toString()));
            return;
        }
        try (var walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Ends the sandbox's processes and removes its folder (only the sandbox that made them does). */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        endAll();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a grade over
        }
        if (slot != null) {
            slot.close(); // frees the user's slot for the next submission
        }
    }
}
