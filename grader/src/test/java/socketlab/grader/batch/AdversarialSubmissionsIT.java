package socketlab.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.core.GradingContext;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.run.GradingOptions;

/**
 * A class of hostile submissions, each a copy of the solutions with one misbehaviour: every one
 * yields a complete report within the bound, and the tests its misbehaviour does not touch keep
 * their points.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class AdversarialSubmissionsIT {

    /** The tests graded here: a server test, a client test and a client program run in its own JVM. */
    private static final List<String> TESTS = List.of(
            "U1.serverRepliesInUpperCase",
            "U1.clientSendsAndReturnsReply",
            "U1.clientProgramPrintsReply",
            "T1.serverRepliesInUpperCase");

    private static final int TEST_LIMIT_SECONDS = 5;
    private static final Duration SUBMISSION_CAP = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    static List<StudentResult> results;
    static Path reports;
    static String console;

    @BeforeAll
    static void gradeTheClass() throws IOException {
        Path classFolder = Files.createDirectories(work.resolve("class"));
        udp(classFolder, "infinite-loop")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "            serverSocket.receive(request);",
                        "            while (request != null) { Thread.onSpinWait(); }");
        udp(classFolder, "deadlock")
                .replace("lab-udp", "UDPClient.java", "        clientSocket.receive(reply);", """
                        Object a = new Object();
                        Object b = new Object();
                        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
                        new Thread(() -> { synchronized (b) { both.countDown(); await(both); synchronized (a) { a.hashCode(); } } }).start();
                        synchronized (a) { both.countDown(); await(both); synchronized (b) { b.hashCode(); } }
                """)
                .replace("lab-udp", "UDPClient.java", "    @Override\n    public void close() {", """
                    private static void await(java.util.concurrent.CountDownLatch latch) {
                        try { latch.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    }

                    @Override
                    public void close() {""");
        udp(classFolder, "system-exit")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "        // Skeleton: serverSocket = todo(1);",
                        "        System.exit(0);");
        udp(classFolder, "non-daemon-threads")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "        // Skeleton: serverSocket = todo(1);",
                        "        new Thread(() -> { while (true) { try { Thread.sleep(60_000); } catch "
                                + "(InterruptedException e) { return; } } }).start();");
        udp(classFolder, "never-closes")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "    public void close() {\n        serverSocket.close();",
                        "    public void close() {\n        // never closes");
        udp(classFolder, "prints-gigabytes")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "        // Skeleton: serverSocket = todo(1);",
                        "        Thread noise = new Thread(() -> { String line = \"x\".repeat(1023); while (true) { "
                                + "System.out.println(line); } });\n"
                                + "        noise.setDaemon(true);\n        noise.start();")
                .replace(
                        "lab-udp",
                        "UDPClient.java",
                        "            System.out.println(\"From Server: \" + client.uppercase(sentence));",
                        "            String reply = client.uppercase(sentence);\n            while (true) { "
                                + "System.out.println(\"From Server: \" + reply); }");
        udp(classFolder, "static-initializer")
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "public class UDPServer implements Closeable {",
                        "public class UDPServer implements Closeable {\n    static { if (Boolean.TRUE) { throw new "
                                + "IllegalStateException(\"boom\"); } }");
        udp(classFolder, "binds-ports")
                .replace("lab-udp", "UDPServer.java", "        // Skeleton: serverSocket = todo(1);", """
                        for (int i = 0; i < 2000; i++) {
                            try { HOARD.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))); } catch (IOException e) { break; }
                        }
                """)
                .replace(
                        "lab-udp",
                        "UDPServer.java",
                        "    private final DatagramSocket serverSocket;",
                        "    private final DatagramSocket serverSocket;\n    private static final "
                                + "java.util.List<DatagramSocket> HOARD = new java.util.ArrayList<>();");
        PatchedSubmission.copyOf("lab-udp", classFolder.resolve("compile-error"));
        PatchedSubmission.copyOf("lab-tcp", classFolder.resolve("compile-error"))
                .replace(
                        "lab-tcp",
                        "TCPServer.java",
                        "serverSocket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());",
                        "serverSocket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress())");
        zip(
                PatchedSubmission.copyOf("lab-udp", work.resolve("zipped/kit-main"))
                        .root()
                        .getParent(),
                classFolder.resolve("zipped.zip"));
        Files.createDirectories(classFolder.resolve("empty"));

        GradingOptions template = new GradingOptions(
                KitPaths.root(),
                classFolder,
                List.of(),
                TESTS,
                null,
                SUBMISSION_CAP,
                SUBMISSION_CAP,
                "",
                Map.of(GradingContext.TIMEOUT_CAP_PROPERTY, String.valueOf(TEST_LIMIT_SECONDS)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports = work.resolve("reports");
        results = new ClassGrading(template, 2, new PrintStream(out, true, StandardCharsets.UTF_8), false)
                .run(classFolder, reports);
        console = out.toString(StandardCharsets.UTF_8);
        System.out.println(console);
    }

    @Test
    void everySubmissionGetsACompleteReportWithinTheBound() {
        assertThat(results).hasSize(11);
        for (StudentResult result : results) {
            if (result.status().equals("no-labs")) {
                continue;
            }
            Path folder = reports.resolve(result.submission().name());
            assertThat(folder.resolve("results.json"))
                    .as(result.submission().name())
                    .exists();
            assertThat(folder.resolve("report.md")).exists();
            assertThat(folder.resolve("report.html")).exists();
            assertThat(result.elapsed())
                    .as(result.submission().name() + " graded within its cap")
                    .isLessThan(SUBMISSION_CAP.plusSeconds(30));
            assertThat(result.report().tests())
                    .as(result.submission().name() + ": every selected test is accounted for")
                    .extracting(TestOutcome::id)
                    .containsAll(TESTS.stream().filter(t -> t.startsWith("U1")).toList());
        }
        assertThat(reports.resolve(ClassGrading.GRADEBOOK)).exists();
        assertThat(console).contains("Graded 11 submissions").contains("Gradebook:");
    }

    @Test
    void aSpinningServerLosesItsServerTestsOnly() {
        assertThat(test("infinite-loop", "U1.serverRepliesInUpperCase").status())
                .isIn(Status.TIMED_OUT, Status.FAILED);
        assertThat(test("infinite-loop", "U1.clientSendsAndReturnsReply").passed())
                .isTrue();
    }

    @Test
    void aDeadlockedClientTimesOutAndTheServerKeepsItsPoints() {
        assertThat(test("deadlock", "U1.clientSendsAndReturnsReply").status()).isEqualTo(Status.TIMED_OUT);
        assertThat(test("deadlock", "U1.serverRepliesInUpperCase").passed()).isTrue();
    }

    /** System.exit ends the student's own JVM only: the call it was in fails, the grading JVM carries on (no crash). */
    @Test
    void systemExitFailsTheCallItWasIn() {
        StudentResult exit = student("system-exit");
        assertThat(exit.status()).isEqualTo("ok");
        TestOutcome server = test("system-exit", "U1.serverRepliesInUpperCase");
        assertThat(server.status()).isEqualTo(Status.FAILED);
        assertThat(server.points()).isZero();
        assertThat(server.feedback()).contains("System.exit");
        assertThat(test("system-exit", "U1.clientSendsAndReturnsReply").passed())
                .isTrue();
        assertThat(test("system-exit", "U1.clientProgramPrintsReply").passed()).isTrue();
        assertThat(exit.points()).isEqualTo(exit.maxPoints() - server.maxPoints());
    }

    @Test
    void leftoverThreadsSocketsAndOutputDoNotStopGrading() {
        for (String name : List.of("non-daemon-threads", "never-closes", "binds-ports")) {
            assertThat(student(name).points())
                    .as(name + " keeps the points of its working code")
                    .isEqualTo(student(name).maxPoints());
        }
        assertThat(test("prints-gigabytes", "U1.serverRepliesInUpperCase").passed())
                .isTrue();
        assertThat(test("prints-gigabytes", "U1.clientProgramPrintsReply").status())
                .isIn(Status.PASSED, Status.FAILED, Status.TIMED_OUT);
    }

    @Test
    void aStaticInitializerFailureIsExplained() {
        assertThat(test("static-initializer", "U1.serverRepliesInUpperCase").feedback())
                .contains("ExceptionInInitializerError");
        assertThat(test("static-initializer", "U1.clientSendsAndReturnsReply").passed())
                .isTrue();
    }

    @Test
    void aLabThatDoesNotCompileScoresZeroAndTheOthersAreGraded() {
        StudentResult broken = student("compile-error");
        assertThat(broken.status()).isEqualTo("compile-error");
        assertThat(broken.report().labs()).anySatisfy(lab -> {
            assertThat(lab.lab()).isEqualTo("lab-tcp");
            assertThat(lab.points()).isZero();
            assertThat(lab.notes()).contains("TCPServer.java").contains("error");
        });
        assertThat(test("compile-error", "U1.serverRepliesInUpperCase").passed())
                .isTrue();
    }

    @Test
    void zipsAreUnpackedAndFoldersWithoutLabsAreNamed() {
        assertThat(student("zipped").points())
                .isEqualTo(student("zipped").maxPoints())
                .isPositive();
        assertThat(student("empty").status()).isEqualTo("no-labs");
    }

    private static PatchedSubmission udp(Path classFolder, String name) {
        return PatchedSubmission.copyOf("lab-udp", classFolder.resolve(name));
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

    private static void zip(Path folder, Path zipFile) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile));
                Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
