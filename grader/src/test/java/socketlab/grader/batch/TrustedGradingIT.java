package socketlab.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.core.GradingContext;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.GradingOptions;
import socketlab.grader.sandbox.Sandbox;

/**
 * Submissions that attack the grader itself rather than fail its tests: each is a copy of the solution
 * whose server is honestly broken (its constructor throws), so its honest grade is known (the server
 * tests 0, the client test full), plus one attack that runs when the server is constructed: forging the
 * worker's events or the reports, reading the hidden tests, reaching the grader's classes, attaching to
 * its JVMs, leaving processes behind, flooding the channel and the console, exhausting memory and
 * threads. None may gain a point, leak a hidden test, outlive the grading or keep the report from
 * being written; each attack's observations are printed (they reach the feedback through the
 * exception the constructor throws, and the console).
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class TrustedGradingIT {

    private static final String SERVER = "U1.serverRepliesInUpperCase";
    private static final String CLIENT = "U1.clientSendsAndReturnsReply";
    /** A hidden test (UppercaseUdpHiddenTest) that constructs the server. */
    private static final String HIDDEN = "U1.serverAnswersALongSentence";

    private static final List<String> TESTS = List.of(SERVER, CLIENT, HIDDEN);
    private static final List<String> SERVER_TESTS = List.of(SERVER, HIDDEN);
    private static final int TEST_LIMIT_SECONDS = 8;
    private static final Duration SUBMISSION_CAP = Duration.ofSeconds(60);

    private static final String HONEST = "honest";
    private static final List<String> ATTACKS = List.of(
            "forge-events",
            "read-hidden",
            "read-classmates",
            "reflection",
            "attach",
            "detached-process",
            "flood-channel",
            "exhaust");
    /**
     * Text of the hidden suite that no report may show: its class, the test that is not selected (its
     * name and display name) and a literal of the selected one. The selected test's own display name is
     * shown by design (as a hidden test), so it is no marker.
     */
    private static final List<String> HIDDEN_MARKERS = List.of(
            "UppercaseUdpHiddenTest",
            "serverKeepsUtf8Intact",
            "keeps UTF-8 text intact",
            "abcdefghij",
            "socketlab/grader/hidden",
            "socketlab.grader.hidden");
    /** Marks the processes the detaching fixture starts, so that they are found whoever they run as. */
    private static final String NONCE = "slk-trusted-it-" + UUID.randomUUID();

    private static final String CONSTRUCTOR_LINE =
            "        serverSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));";
    private static final String BROKEN = "the server is broken on purpose (its socket is never opened)";

    @TempDir
    static Path work;

    static List<StudentResult> results;
    static Path reports;
    static String console;
    static Duration wallTime;
    static List<String> leftovers;

    /**
     * A world-readable copy of a hidden test left in the machine's temporary folder, as an instructor's unpacked kit
     * would be.
     */
    static Path leftoverKit;

    @BeforeAll
    static void gradeTheClass() throws IOException {
        Instant itStarted = Instant.now();
        leftoverKit = Files.createTempDirectory("socketlab-leftover-kit-");
        Files.writeString(
                Files.createDirectories(leftoverKit.resolve("grader/src/main/java/socketlab/grader/hidden"))
                        .resolve("UppercaseUdpHiddenTest.java"),
                "class UppercaseUdpHiddenTest { /* serverKeepsUtf8Intact abcdefghij */ }");
        Sandbox.openForReading(leftoverKit);
        Path classFolder = Files.createDirectories(work.resolve("class"));
        fixture(classFolder, HONEST);
        for (String attack : ATTACKS) {
            fixture(classFolder, attack);
        }
        GradingOptions template = new GradingOptions(
                KitPaths.root(),
                classFolder,
                List.of("lab-udp"),
                TESTS,
                null,
                SUBMISSION_CAP,
                SUBMISSION_CAP,
                "",
                Map.of(GradingContext.TIMEOUT_CAP_PROPERTY, String.valueOf(TEST_LIMIT_SECONDS)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports = work.resolve("reports");
        long start = System.nanoTime();
        results = new ClassGrading(template, 2, new PrintStream(out, true, StandardCharsets.UTF_8), false)
                .run(classFolder, reports);
        wallTime = Duration.ofNanos(System.nanoTime() - start);
        leftovers = leftoverSandboxProcesses(itStarted);
        console = out.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        System.out.println("Graded " + results.size() + " fixtures in " + wallTime.toMillis() + " ms; honest grade "
                + student(HONEST).points() + " / " + student(HONEST).maxPoints());
        for (StudentResult result : results) {
            System.out.println("== " + result.submission().name() + ": " + result.points() + " / " + result.maxPoints()
                    + " (" + result.status() + ", " + result.elapsed().toMillis() + " ms)");
            for (TestOutcome test : result.report().tests()) {
                String feedback = test.feedback() == null ? "" : test.feedback().strip();
                System.out.println("   " + test.id() + " " + test.status() + " " + test.points() + "/"
                        + test.maxPoints() + " in " + test.millis() + " ms"
                        + (feedback.isEmpty() ? "" : ": " + abbreviate(feedback.replace('\n', ' '), 1500)));
            }
        }
        System.out.println("Sandbox processes left after grading: " + leftovers);
    }

    @AfterAll
    static void removeTheLeftoverKit() throws IOException {
        try (Stream<Path> walk = Files.walk(leftoverKit)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void everyFixtureGetsACompleteReportWithinTheCap() {
        assertThat(results)
                .extracting(r -> r.submission().name())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(Stream.of(HONEST), ATTACKS.stream()).toList());
        for (StudentResult result : results) {
            String name = result.submission().name();
            Path folder = reports.resolve(name);
            assertThat(folder.resolve("results.json")).as(name).isRegularFile();
            assertThat(folder.resolve("report.md")).as(name).isRegularFile();
            assertThat(folder.resolve("report.html")).as(name).isRegularFile();
            assertThat(result.elapsed()).as(name + " graded within its cap").isLessThan(SUBMISSION_CAP.plusSeconds(20));
            assertThat(result.report().tests())
                    .as(name + ": every selected test is accounted for")
                    .extracting(TestOutcome::id)
                    .containsExactlyInAnyOrderElementsOf(TESTS);
        }
        assertThat(reports.resolve(ClassGrading.GRADEBOOK)).isRegularFile();
    }

    @Test
    void theHonestGradeIsTheClientTestOnly() {
        assertThat(test(HONEST, CLIENT).passed()).isTrue();
        assertThat(test(HONEST, CLIENT).points())
                .isEqualTo(test(HONEST, CLIENT).maxPoints())
                .isPositive();
        for (String id : SERVER_TESTS) {
            assertThat(test(HONEST, id).points()).as(id).isZero();
            assertThat(test(HONEST, id).feedback()).as(id).contains(BROKEN);
        }
        assertThat(student(HONEST).points()).isEqualTo(test(HONEST, CLIENT).maxPoints());
    }

    @TestFactory
    Stream<DynamicTest> noAttackGainsAPoint() {
        double honest = student(HONEST).points();
        return ATTACKS.stream()
                .map(attack -> DynamicTest.dynamicTest(attack, () -> {
                    StudentResult result = student(attack);
                    assertThat(test(attack, CLIENT).passed())
                            .as(attack + ": the client test, which the attack does not touch")
                            .isTrue();
                    assertThat(test(attack, CLIENT).points())
                            .as(attack + ": the client test's points")
                            .isEqualTo(test(attack, CLIENT).maxPoints());
                    for (String id : SERVER_TESTS) {
                        assertThat(test(attack, id).points())
                                .as(attack + ": the broken server's " + id)
                                .isZero();
                    }
                    assertThat(result.points())
                            .as(attack + ": total, never more than the honest " + honest)
                            .isLessThanOrEqualTo(honest);
                    assertThat(result.maxPoints())
                            .as(attack + ": the maximum is the plan's")
                            .isEqualTo(student(HONEST).maxPoints());
                    Path folder = reports.resolve(attack);
                    double score = JsonParser.parseString(Files.readString(folder.resolve("results.json")))
                            .getAsJsonObject()
                            .get("score")
                            .getAsDouble();
                    assertThat(score)
                            .as(attack + ": results.json's score")
                            .isEqualTo(result.points())
                            .isLessThanOrEqualTo(honest);
                    assertThat(Files.readString(folder.resolve("report.md")))
                            .as(attack + ": report.md's score line")
                            .contains(
                                    "**Score: " + points(result.points()) + " / " + points(result.maxPoints()) + "**");
                }));
    }

    @Test
    void theAttacksThatReportBackWereRefused() {
        assertThat(observations("forge-events"))
                .contains("ATTACK forge-events")
                .contains("append to the event file")
                .contains("refused")
                .doesNotContain("WRITTEN");
        assertThat(observations("reflection"))
                .contains("ATTACK reflection")
                .contains("Trace: ClassNotFoundException")
                .contains("GradingWorker: ClassNotFoundException")
                .contains("Bridge: ClassNotFoundException")
                .doesNotContain("LOADED");
        assertThat(observations("attach")).contains("ATTACK attach").doesNotContain("ATTACHED");
        assertThat(observations("read-hidden"))
                .as("a world-readable kit left in /tmp is out of the sandbox's view")
                .contains("via the machine's temporary folders: 0 hidden file(s) read");
        assertThat(observations("read-classmates"))
                .as("another submission's sources or classes, read from the class folder or a sandbox")
                .contains("ATTACK read-classmates")
                .contains(" 0 file(s) of other submissions read")
                .doesNotContain("READ ");
    }

    /**
     * No report, gradebook or console line shows text of the hidden suite. The read-hidden fixture puts
     * whatever hidden-test file it can read into the exception its constructor throws, which the
     * feedback quotes: this fails exactly when the student's JVM could read one.
     */
    @Test
    void noHiddenTestTextLeaks() throws IOException {
        List<Path> visible = new ArrayList<>(List.of(reports.resolve(ClassGrading.GRADEBOOK)));
        for (StudentResult result : results) {
            for (String file : List.of("results.json", "report.md", "report.html")) {
                visible.add(reports.resolve(result.submission().name()).resolve(file));
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String marker : HIDDEN_MARKERS) {
            if (console.contains(marker)) {
                leaks.add("the console shows '" + marker + "'");
            }
            for (Path file : visible) {
                if (Files.readString(file).contains(marker)) {
                    leaks.add(work.relativize(file) + " shows '" + marker + "'");
                }
            }
        }
        String attack = observations("read-hidden");
        int read = attack.indexOf("READ [");
        assertThat(leaks)
                .as("hidden-test text in what students see; the read-hidden fixture's JVM (a sandbox user) read: "
                        + (read < 0 ? "nothing" : abbreviate(attack.substring(read), 600)))
                .isEmpty();
    }

    @Test
    void noSandboxProcessOutlivesTheGrading() {
        assertThat(observations("detached-process"))
                .as("the processes meant to outlive the grading were started")
                .contains("setsid: started pid")
                .contains("nohup: started pid")
                .contains("(double fork): started pid");
        assertThat(leftovers)
                .as("processes of the sandbox users or with its marker, alive after grading")
                .isEmpty();
    }

    @Test
    void reportsListTheirProtections() throws IOException {
        boolean ownUser = runsAsRootOnLinux();
        for (StudentResult result : results) {
            String protections = String.join("; ", result.report().protections());
            assertThat(protections)
                    .as(result.submission().name())
                    .contains(ownUser ? "user of their own" : "grading user");
            assertThat(Files.readString(
                            reports.resolve(result.submission().name()).resolve("report.md")))
                    .contains("Protections: ");
        }
    }

    /**
     * A copy of the solution whose server's constructor throws, after running {@code name}'s attack (none for the
     * honest one).
     */
    private static void fixture(Path classFolder, String name) throws IOException {
        PatchedSubmission copy = PatchedSubmission.copyOf("lab-udp", classFolder.resolve(name));
        if (name.equals(HONEST)) {
            copy.replace(
                    "lab-udp",
                    "UDPServer.java",
                    CONSTRUCTOR_LINE,
                    "        throw new IOException(\"" + BROKEN + "\");");
            return;
        }
        Files.writeString(
                copy.root().resolve("lab-udp/src/main/java/socketlab/udp/Attack.java"),
                ATTACK_SOURCE.replace("@NONCE@", NONCE));
        if (name.equals("exhaust")) {
            // In a static initialiser: it runs as the class loads, in whatever call first loads it.
            copy.replace(
                            "lab-udp",
                            "UDPServer.java",
                            "public class UDPServer implements Closeable {",
                            "public class UDPServer implements Closeable {\n\n    private static final String ATTACK "
                                    + "= Attack.run(\"exhaust\");")
                    .replace(
                            "lab-udp",
                            "UDPServer.java",
                            CONSTRUCTOR_LINE,
                            "        throw new IOException(\"" + BROKEN + "; \" + ATTACK);");
        } else {
            copy.replace(
                    "lab-udp",
                    "UDPServer.java",
                    CONSTRUCTOR_LINE,
                    "        String attack = Attack.run(\"" + name + "\");\n" + "        throw new IOException(\""
                            + BROKEN + "; \" + attack);");
        }
    }

    /**
     * Processes of the sandbox users (or with its marker, or the detaching fixture's nonce) still alive,
     * started since this test began. A sandbox another grading run on this machine is using right now
     * (its folder still exists) is not this run's leftover; a sandbox this run made is removed by now.
     */
    private static List<String> leftoverSandboxProcesses(Instant since) {
        List<String> left = new ArrayList<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return left;
        }
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            Path proc = Path.of("/proc", String.valueOf(process.pid()));
            try {
                String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ')
                        .strip();
                String environ = "\0" + new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                int uid = Files.readAllLines(proc.resolve("status")).stream()
                        .filter(line -> line.startsWith("Uid:"))
                        .map(line -> Integer.parseInt(line.split("\\s+")[1]))
                        .findFirst()
                        .orElse(-1);
                boolean ours = cmdline.contains(NONCE) || environ.contains(NONCE);
                boolean sandboxed =
                        uid >= Sandbox.FIRST_UID && uid <= Sandbox.LAST_UID || environ.contains("\0SOCKETLAB_SANDBOX=");
                if (!ours && !sandboxed) {
                    continue;
                }
                Instant started = process.info().startInstant().orElse(Instant.MAX);
                int at = environ.indexOf("\0HOME=");
                int end = at < 0 ? -1 : environ.indexOf('\0', at + 1);
                String home = at < 0 ? null : environ.substring(at + 6, end < 0 ? environ.length() : end);
                boolean liveSandbox = home != null && !home.isBlank() && Files.isDirectory(Path.of(home));
                if (ours || (!started.isBefore(since) && !liveSandbox)) {
                    left.add(process.pid() + " (uid " + uid + "): " + cmdline);
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return left;
    }

    private static boolean runsAsRootOnLinux() {
        boolean tools = Stream.of("setpriv", "prlimit")
                .allMatch(tool -> Stream.of(System.getenv()
                                .getOrDefault("PATH", "/usr/bin:/bin")
                                .split(java.io.File.pathSeparator))
                        .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, tool))));
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && "root".equals(System.getProperty("user.name"))
                && tools;
    }

    /** What a fixture's attack reported: the feedback of the tests that construct the server (one of them ran it). */
    private static String observations(String fixture) {
        return SERVER_TESTS.stream()
                .map(id -> String.valueOf(test(fixture, id).feedback()))
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private static StudentResult student(String name) {
        return results.stream()
                .filter(r -> r.submission().name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static TestOutcome test(String student, String id) {
        return student(student).report().tests().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static String points(double points) {
        return points == Math.rint(points) ? String.valueOf((long) points) : String.format("%.1f", points);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /**
     * The attacks, one class added to each fixture's lab-udp (package socketlab.udp, so it compiles with
     * the lab). Every attack stays within what a real submission could try, and within this grading run:
     * what it writes is only ever its own grading's events and reports, and it connects to no port but
     * the agent's own channel (other listening ports on the machine are not the grader's). It runs once
     * per student JVM (the second server test gets the first one's observations).
     */
    private static final String ATTACK_SOURCE = """
            package socketlab.udp;

            import java.io.DataOutputStream;
            import java.io.File;
            import java.io.IOException;
            import java.io.OutputStream;
            import java.lang.reflect.Field;
            import java.lang.reflect.InvocationTargetException;
            import java.net.URL;
            import java.net.URLClassLoader;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.FileVisitResult;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.SimpleFileVisitor;
            import java.nio.file.StandardOpenOption;
            import java.nio.file.attribute.BasicFileAttributes;
            import java.util.ArrayList;
            import java.util.Arrays;
            import java.util.LinkedHashMap;
            import java.util.LinkedHashSet;
            import java.util.List;
            import java.util.Map;
            import java.util.Properties;
            import java.util.Random;
            import java.util.Set;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.locks.LockSupport;
            import java.util.zip.ZipEntry;
            import java.util.zip.ZipFile;

            /** Not a lab class: a fixture of the grader's own tests, one attack on the grader chosen by name. */
            final class Attack {

                private static final String NUL = String.valueOf((char) 0);
                private static final String NL = String.valueOf((char) 10);
                private static final String NONCE = "@NONCE@";
                private static String done;

                private Attack() {
                }

                static synchronized String run(String which) {
                    if (done != null) {
                        return "(as before in this JVM) " + done;
                    }
                    StringBuilder seen = new StringBuilder();
                    long start = System.nanoTime();
                    try {
                        switch (which) {
                            case "forge-events" -> forgeEvents(seen);
                            case "read-hidden" -> readHidden(seen);
                            case "read-classmates" -> readClassmates(seen);
                            case "reflection" -> reflection(seen);
                            case "attach" -> attach(seen);
                            case "detached-process" -> detach(seen);
                            case "flood-channel" -> flood(seen);
                            case "exhaust" -> exhaust(seen);
                            default -> seen.append("no such attack");
                        }
                    } catch (Throwable t) {
                        seen.append(" [the attack itself failed: ").append(t).append(']');
                    }
                    done = "ATTACK " + which + " (" + (System.nanoTime() - start) / 1_000_000 + " ms): " + seen;
                    System.out.println(done);
                    return done;
                }

                // ---- forge the worker's events and the reports

                private static void forgeEvents(StringBuilder seen) {
                    List<String> forged = new ArrayList<>();
                    for (String id : List.of("U1.serverRepliesInUpperCase", "U1.clientSendsAndReturnsReply", "U1.serverAnswersALongSentence",
                            "U1.forgedByTheStudent")) {
                        forged.add(q("{'type':'started','started':'" + id + "'}"));
                        forged.add(q("{'type':'finished','finished':{'lab':'lab-udp','exercise':'U1','exerciseTitle':'forged','id':'" + id
                                + "','name':'forged','points':1000.0,'maxPoints':1000.0,'status':'PASSED','feedback':'','hidden':false,"
                                + "'bonus':false,'millis':1}}"));
                    }
                    forged.add(q("{'type':'done','backends':['forged']}"));
                    String lines = String.join(NL, forged) + NL;
                    System.out.print(lines);
                    System.err.print(lines);
                    Set<String> events = new LinkedHashSet<>();
                    Set<String> outs = new LinkedHashSet<>();
                    for (List<String> args : ancestors().values()) {
                        events.addAll(valuesOf(args, "--events"));
                        outs.addAll(valuesOf(args, "--out"));
                    }
                    int anywhere = 0;
                    for (long pid : allPids()) {
                        if (commandLine(pid).contains("--events")) {
                            anywhere++;
                        }
                    }
                    seen.append("found ").append(events.size()).append(" event file(s) in its ancestors' command lines (")
                            .append(anywhere).append(" process(es) on the machine name one); ");
                    for (String file : events) {
                        Path path = Path.of(file);
                        seen.append("append to the event file ").append(file).append(": ").append(write(path, lines, true)).append("; ");
                        seen.append("list its folder: ").append(list(path.getParent())).append("; ");
                        seen.append("a file beside it: ").append(write(path.resolveSibling("forged-events.jsonl"), lines, false)).append("; ");
                    }
                    List<Path> folders = new ArrayList<>();
                    outs.forEach(out -> folders.add(Path.of(out)));
                    int closed = 0;
                    try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir", "/tmp")))) {
                        for (Path dir : tmp.toList()) {
                            if (!Files.isDirectory(dir)) {
                                continue;
                            }
                            if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                                closed++;
                                continue;
                            }
                            Path mine = dir.resolve("reports").resolve("forge-events");
                            if (Files.isDirectory(mine)) {
                                folders.add(mine);
                            }
                        }
                    } catch (IOException e) {
                        seen.append("the temp folder: ").append(e.getClass().getSimpleName()).append("; ");
                    }
                    seen.append(closed).append(" folder(s) in the temp folder closed to it; ");
                    for (Path folder : folders) {
                        for (String name : List.of("results.json", "report.md")) {
                            seen.append("write ").append(folder.resolve(name)).append(": ")
                                    .append(write(folder.resolve(name), q("{'score':1000}"), false)).append("; ");
                        }
                    }
                    if (folders.isEmpty()) {
                        seen.append("no report folder it could reach; ");
                    }
                }

                // ---- read the hidden tests

                private static void readHidden(StringBuilder seen) throws IOException {
                    String pkg = "socketlab/grader/" + "hidden";
                    URL resource = ClassLoader.getSystemResource(pkg);
                    seen.append("on its own classpath: ").append(resource == null ? "nothing" : "FOUND").append("; ");
                    Map<String, List<Path>> sources = new LinkedHashMap<>();
                    List<Path> fromCommandLines = new ArrayList<>();
                    for (List<String> args : ancestors().values()) {
                        for (String option : List.of("-cp", "-classpath", "--class-path")) {
                            for (String classpath : valuesOf(args, option)) {
                                for (String entry : classpath.split(File.pathSeparator)) {
                                    if (!entry.isBlank()) {
                                        fromCommandLines.add(Path.of(entry));
                                    }
                                }
                            }
                        }
                        for (String arg : args) {
                            if (arg.startsWith("-D") && arg.contains("=/")) {
                                fromCommandLines.add(Path.of(arg.substring(arg.indexOf('=') + 1)));
                            }
                        }
                    }
                    sources.put("the paths in its ancestors' command lines", fromCommandLines);
                    List<Path> up = new ArrayList<>();
                    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent(); dir != null && dir.getParent() != null;
                            dir = dir.getParent()) {
                        up.add(dir);
                    }
                    sources.put("the folders above its working folder", up);
                    sources.put("the usual places of a kit", List.of(Path.of("/work"), Path.of("/home"), Path.of("/srv"), Path.of("/opt")));
                    sources.put("the machine's temporary folders", List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm")));
                    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                    seen.append("its parent's working folder: ");
                    try {
                        Path cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(parent), "cwd"));
                        sources.put("its parent's working folder", List.of(cwd));
                        seen.append("readable; ");
                    } catch (IOException | RuntimeException e) {
                        seen.append("refused (").append(e.getClass().getSimpleName()).append("); ");
                    }
                    List<String> found = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
                    for (Map.Entry<String, List<Path>> source : sources.entrySet()) {
                        int before = found.size();
                        int[] denied = {0};
                        for (Path root : source.getValue()) {
                            if (found.size() - before >= 2 || System.nanoTime() > deadline) {
                                break;
                            }
                            search(root, pkg, found, text, denied, deadline, before);
                        }
                        seen.append("via ").append(source.getKey()).append(": ").append(found.size() - before).append(" hidden file(s) read, ")
                                .append(denied[0]).append(" path(s) refused or absent; ");
                    }
                    if (!found.isEmpty()) {
                        seen.append("READ ").append(found).append(": ").append(text.length() > 6000 ? text.substring(0, 6000) : text);
                    }
                }

                private static void search(Path root, String pkg, List<String> found, StringBuilder text, int[] denied, long deadline,
                                           int before) {
                    try {
                        if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
                            jar(root, pkg, found, text);
                            return;
                        }
                        if (!Files.isDirectory(root)) {
                            denied[0]++;
                            return;
                        }
                        Files.walkFileTree(root, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 12, new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                if (System.nanoTime() > deadline || found.size() - before >= 2) {
                                    return FileVisitResult.TERMINATE;
                                }
                                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                                return !dir.equals(root) && (name.startsWith(".") || name.equals("proc") || name.equals("sys"))
                                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                String path = file.toString().replace(File.separatorChar, '/');
                                if (path.contains("/" + pkg + "/") && (path.endsWith(".class") || path.endsWith(".java"))) {
                                    try {
                                        text.append(printable(Files.readAllBytes(file))).append(NL);
                                        found.add(path);
                                    } catch (IOException e) {
                                        denied[0]++;
                                    }
                                } else if (path.endsWith(".jar") && path.contains("grader")) {
                                    jar(file, pkg, found, text);
                                }
                                return found.size() - before >= 2 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                denied[0]++;
                                return FileVisitResult.CONTINUE;
                            }
                        });
                    } catch (IOException | RuntimeException e) {
                        denied[0]++;
                    }
                }

                private static void jar(Path file, String pkg, List<String> found, StringBuilder text) {
                    try (ZipFile zip = new ZipFile(file.toFile())) {
                        for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith(pkg + "/") && !e.isDirectory()).limit(2).toList()) {
                            text.append(printable(zip.getInputStream(entry).readAllBytes())).append(NL);
                            found.add(file + "!" + entry.getName());
                        }
                    } catch (IOException | RuntimeException e) {
                        // not readable, or not a jar
                    }
                }

                /** A class file's strings (its constant pool), or a source file's text. */
                private static String printable(byte[] bytes) {
                    StringBuilder out = new StringBuilder();
                    StringBuilder run = new StringBuilder();
                    for (byte b : bytes) {
                        if (b >= 32 && b < 127) {
                            run.append((char) b);
                        } else {
                            if (run.length() >= 6) {
                                out.append(run).append(" | ");
                            }
                            run.setLength(0);
                        }
                    }
                    out.append(run);
                    return out.length() > 3000 ? out.substring(0, 3000) : out.toString();
                }

                // ---- reach the grader's classes

                private static void reflection(StringBuilder seen) {
                    for (String name : List.of("socketlab.grader.core.Trace", "socketlab.grader.run.GradingWorker", "socketlab.grader.sandbox.Bridge",
                            "socketlab.grader.core.ConsoleCapture", "socketlab.grader.results.TestOutcome", "org.junit.jupiter.api.Assertions",
                            "com.google.gson.Gson")) {
                        String simple = name.substring(name.lastIndexOf('.') + 1);
                        try {
                            Class<?> type = Class.forName(name);
                            seen.append(simple).append(": LOADED from ").append(type.getProtectionDomain().getCodeSource()).append("; ");
                        } catch (ClassNotFoundException e) {
                            seen.append(simple).append(": ClassNotFoundException; ");
                        } catch (Throwable t) {
                            seen.append(simple).append(": ").append(t.getClass().getSimpleName()).append("; ");
                        }
                    }
                    try {
                        Class<?> agent = Class.forName("socketlab.grader.agent.Agent");
                        seen.append("the agent's fields: ").append(Arrays.stream(agent.getDeclaredFields()).map(Field::getName).toList()).append("; ");
                        Object instance = agentInstance();
                        seen.append("its instance, through the default uncaught-exception handler: ").append(instance == null ? "not found" : "found");
                        if (instance != null) {
                            Field objects = agent.getDeclaredField("objects");
                            objects.setAccessible(true);
                            seen.append(", holding ").append(((Map<?, ?>) objects.get(instance)).size()).append(" object(s) of this JVM's");
                        }
                        seen.append("; ");
                    } catch (Throwable t) {
                        seen.append("the agent: ").append(t).append("; ");
                    }
                    List<URL> urls = new ArrayList<>();
                    for (List<String> args : ancestors().values()) {
                        for (String classpath : valuesOf(args, "-cp")) {
                            for (String entry : classpath.split(File.pathSeparator)) {
                                if (!entry.isBlank() && Files.isReadable(Path.of(entry))) {
                                    try {
                                        urls.add(Path.of(entry).toUri().toURL());
                                    } catch (IOException e) {
                                        // not a path
                                    }
                                }
                            }
                        }
                    }
                    seen.append(urls.size()).append(" readable entries on its ancestors' classpaths; ");
                    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
                        Class<?> context = loader.loadClass("socketlab.grader.core.GradingContext");
                        seen.append("a copy of GradingContext loaded from them, in this JVM only (").append(context.getDeclaredMethods().length)
                                .append(" methods), which the test JVM never sees; ");
                    } catch (Throwable t) {
                        seen.append("a copy of the grader's classes from them: ").append(t.getClass().getSimpleName()).append("; ");
                    }
                }

                private static Object agentInstance() throws IllegalAccessException {
                    Object handler = Thread.getDefaultUncaughtExceptionHandler();
                    if (handler == null) {
                        return null;
                    }
                    for (Field field : handler.getClass().getDeclaredFields()) {
                        field.setAccessible(true);
                        Object value = field.get(handler);
                        if (value != null && value.getClass().getName().equals("socketlab.grader.agent.Agent")) {
                            return value;
                        }
                    }
                    return null;
                }

                // ---- attach to the grader's JVMs

                private static void attach(StringBuilder seen) throws Exception {
                    Map<Long, List<String>> ancestors = ancestors();
                    Set<String> targets = new LinkedHashSet<>();
                    ancestors.forEach((pid, args) -> {
                        if (!args.isEmpty() && args.get(0).endsWith("java")) {
                            targets.add(String.valueOf(pid));
                        }
                    });
                    seen.append(targets.size()).append(" JVM(s) among its ancestors; ");
                    try {
                        Class<?> vm = Class.forName("com.sun.tools.attach.VirtualMachine");
                        List<?> listed = (List<?>) vm.getMethod("list").invoke(null);
                        seen.append("VirtualMachine.list(): ").append(listed.size()).append(" JVM(s); ");
                        for (Object descriptor : listed) {
                            String name = String.valueOf(descriptor.getClass().getMethod("displayName").invoke(descriptor));
                            if (name.contains("socketlab") || name.contains("surefire")) {
                                targets.add(String.valueOf(descriptor.getClass().getMethod("id").invoke(descriptor)));
                            }
                        }
                        for (String id : targets) {
                            try {
                                Object machine = vm.getMethod("attach", String.class).invoke(null, id);
                                Properties properties = (Properties) vm.getMethod("getSystemProperties").invoke(machine);
                                seen.append("ATTACHED to ").append(id).append(" (").append(properties.getProperty("sun.java.command", "?")).append("); ");
                                vm.getMethod("detach").invoke(machine);
                            } catch (InvocationTargetException e) {
                                seen.append("attach to ").append(id).append(": ").append(e.getCause().getClass().getSimpleName()).append(" (")
                                        .append(firstLine(e.getCause().getMessage())).append("); ");
                            }
                        }
                    } catch (ClassNotFoundException e) {
                        seen.append("no attach API in this JVM; ");
                    }
                    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
                    seen.append("jcmd -l: ").append(tool(List.of(jcmd, "-l"))).append("; ");
                    for (String id : targets.stream().limit(2).toList()) {
                        seen.append("jcmd ").append(id).append(" VM.system_properties: ").append(tool(List.of(jcmd, id, "VM.system_properties"))).append("; ");
                    }
                }

                private static String tool(List<String> command) {
                    try {
                        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                        process.getOutputStream().close();
                        if (!process.waitFor(4, TimeUnit.SECONDS)) {
                            process.destroyForcibly();
                            return "no answer within 4 s";
                        }
                        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                        List<String> lines = out.lines().limit(2).toList();
                        return "exit " + process.exitValue() + ", " + String.join(" / ", lines);
                    } catch (IOException e) {
                        return e.getClass().getSimpleName() + " (" + e.getMessage() + ")";
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return "interrupted";
                    }
                }

                // ---- leave processes behind

                private static void detach(StringBuilder seen) {
                    // Each would keep overwriting this fixture's own report, were it still running when the report is written.
                    String loop = "while :; do sleep 1; for f in /tmp/junit*/reports/detached-process/results.json; do echo forged > $f; done; done"
                            + " 2>/dev/null; : " + NONCE;
                    List<List<String>> commands = List.of(
                            List.of("setsid", "sh", "-c", loop),
                            List.of("nohup", "sh", "-c", loop),
                            // Without the sandbox's marker in its environment, and orphaned at once (a double fork).
                            List.of("env", "-i", "PATH=/usr/bin:/bin", "sh", "-c", "(setsid sh -c '" + loop + "' &)"));
                    for (List<String> command : commands) {
                        String what = command.get(0) + (command.get(0).equals("env") ? " -i (double fork)" : "");
                        try {
                            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                                    .start();
                            seen.append(what).append(": started pid ").append(process.pid()).append("; ");
                        } catch (IOException e) {
                            seen.append(what).append(": ").append(e.getMessage()).append("; ");
                        }
                    }
                }

                // ---- flood the channel and the console

                private static void flood(StringBuilder seen) throws Exception {
                    Object agent = agentInstance();
                    if (agent == null) {
                        seen.append("the agent's instance: not found; ");
                        return;
                    }
                    Field field = agent.getClass().getDeclaredField("out");
                    field.setAccessible(true);
                    OutputStream out = (OutputStream) field.get(agent);
                    System.out.println("ATTACK flood-channel: found the agent's channel to the test JVM; flooding it with 100 MB and the console with 1 GB");
                    Thread noise = new Thread(() -> {
                        byte[] line = ("y".repeat(1023) + NL).getBytes(StandardCharsets.US_ASCII);
                        for (long n = 0; n < (1L << 30); n += line.length) {
                            System.out.write(line, 0, line.length);
                        }
                    }, "noise");
                    noise.setDaemon(true);
                    noise.start();
                    byte[] junk = new byte[1 << 20];
                    new Random(42).nextBytes(junk);
                    long written = 0;
                    try {
                        synchronized (out) {
                            DataOutputStream data = new DataOutputStream(out);
                            data.writeInt(32 * 1024 * 1024);
                            data.writeByte(11);
                            for (int i = 0; i < 100; i++) {
                                out.write(junk);
                                written += junk.length;
                            }
                            out.flush();
                        }
                        seen.append("wrote ").append(written >> 20).append(" MB of junk into the channel without an error; ");
                    } catch (IOException e) {
                        seen.append("the channel broke after ").append(written >> 20).append(" MB: ").append(e.getMessage()).append("; ");
                    }
                }

                // ---- exhaust memory and threads

                private static void exhaust(StringBuilder seen) {
                    List<byte[]> heap = new ArrayList<>();
                    try {
                        while (true) {
                            heap.add(new byte[1 << 20]);
                        }
                    } catch (OutOfMemoryError e) {
                        int megabytes = heap.size();
                        heap.clear();
                        seen.append("allocated ").append(megabytes).append(" MB until OutOfMemoryError; ");
                    }
                    int threads = 0;
                    try {
                        while (threads < 100_000) {
                            Thread thread = new Thread(() -> {
                                while (true) {
                                    LockSupport.park();
                                }
                            });
                            thread.setDaemon(true);
                            thread.start();
                            threads++;
                        }
                        seen.append("started ").append(threads).append(" threads without an error; ");
                    } catch (Throwable e) {
                        seen.append("started ").append(threads).append(" threads (all left parked) until ").append(e).append("; ");
                    }
                }

                // ---- helpers

                /** This JVM's ancestors, nearest first, with their command lines (as /proc shows them to anyone). */
                // ---- read the other submissions of the class: their folders, and their sandboxes' copies

                private static void readClassmates(StringBuilder seen) {
                    List<Path> places = new ArrayList<>();
                    for (List<String> args : ancestors().values()) {
                        for (String arg : args) {
                            int at = arg.indexOf("--submission ");
                            if (at >= 0) {
                                Path own = Path.of(arg.substring(at + "--submission ".length()).split(" ")[0]);
                                if (own.getParent() != null) {
                                    places.add(own.getParent());
                                }
                            }
                        }
                    }
                    try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                        tmp.filter(p -> p.getFileName().toString().startsWith("socketlab-sandbox-")).forEach(places::add);
                    } catch (IOException e) {
                        seen.append("the temp folder: refused; ");
                    }
                    int read = 0;
                    int refused = 0;
                    for (Path place : places) {
                        try (var walk = Files.walk(place, 8)) {
                            for (Path file : walk.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".class")).toList()) {
                                if (file.toString().contains("/read-classmates/")) {
                                    continue;
                                }
                                try {
                                    Files.readAllBytes(file);
                                    read++;
                                    if (read <= 3) {
                                        seen.append("READ ").append(file).append("; ");
                                    }
                                } catch (IOException | RuntimeException e) {
                                    refused++;
                                }
                            }
                        } catch (IOException | RuntimeException e) {
                            refused++;
                        }
                    }
                    seen.append(places.size()).append(" place(s) looked in; ").append(read).append(" file(s) of other submissions read, ")
                            .append(refused).append(" refused");
                }

                private static Map<Long, List<String>> ancestors() {
                    Map<Long, List<String>> chain = new LinkedHashMap<>();
                    ProcessHandle process = ProcessHandle.current().parent().orElse(null);
                    while (process != null && chain.size() < 8) {
                        chain.put(process.pid(), commandLine(process.pid()));
                        process = process.parent().orElse(null);
                    }
                    return chain;
                }

                private static List<String> commandLine(long pid) {
                    try {
                        String raw = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8);
                        return new ArrayList<>(Arrays.asList(raw.split(NUL)));
                    } catch (IOException | RuntimeException e) {
                        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(a -> (List<String>) new ArrayList<>(Arrays.asList(a)))
                                .orElse(new ArrayList<>());
                    }
                }

                private static List<Long> allPids() {
                    try (var entries = Files.list(Path.of("/proc"))) {
                        return entries.map(p -> p.getFileName().toString()).filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                                .map(Long::parseLong).toList();
                    } catch (IOException | RuntimeException e) {
                        return List.of();
                    }
                }

                private static List<String> valuesOf(List<String> args, String option) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i + 1 < args.size(); i++) {
                        if (args.get(i).equals(option)) {
                            values.add(args.get(i + 1));
                        }
                    }
                    return values;
                }

                private static String write(Path file, String text, boolean append) {
                    try {
                        if (append) {
                            Files.writeString(file, text, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                        } else {
                            Files.writeString(file, text);
                        }
                        return "WRITTEN";
                    } catch (IOException | RuntimeException e) {
                        return "refused (" + e.getClass().getSimpleName() + ")";
                    }
                }

                private static String list(Path dir) {
                    try (var entries = Files.list(dir)) {
                        return entries.count() + " entries";
                    } catch (IOException | RuntimeException e) {
                        return "refused (" + e.getClass().getSimpleName() + ")";
                    }
                }

                private static String firstLine(String text) {
                    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
                    return line.length() > 160 ? line.substring(0, 160) : line;
                }

                /** JSON written with single quotes, for readability here. */
                private static String q(String json) {
                    return json.replace((char) 39, (char) 34);
                }
            }
            """;
}
