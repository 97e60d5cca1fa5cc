package socketlab.grader.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;

/**
 * The student's grading, end to end in an exported edition, as {@code ./mvnw verify}: a lab that does not compile
 * yet (work in progress) scores 0 with javac's messages and cannot stop the others from being graded, because the
 * edition's grader builds against grader/lab-api, never against the labs, and grades before the labs are built.
 */
@EnabledIf(
        value = "socketlab.grader.KitPaths#hasSolutions",
        disabledReason = "the student edition is exported from the instructor's kit")
@ExtendedCheck
class StudentEditionBrokenLabIT {

    @Test
    void verifyGradesTheLabsAndPrintsTheScoreboardThenALabThatDoesNotCompileScoresZeroAndFailsTheBuild(
            @TempDir Path out) throws Exception {
        Path kit = KitPaths.root();
        Path edition = out.resolve("student-kit");
        StudentEdition.export(kit, edition);
        // lab-udp: U1 finished (the reference solution's two programs), the rest untouched; lab-tcp: work in progress
        // that does not compile; lab-threaded: untouched. One finished exercise is enough to show lab-udp really ran.
        for (String program : List.of("UDPServer.java", "UDPClient.java")) {
            Files.copy(
                    kit.resolve("solutions/lab-udp/src/main/java/socketlab/udp").resolve(program),
                    edition.resolve("lab-udp/src/main/java/socketlab/udp").resolve(program),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(
                edition.resolve("lab-tcp/src/main/java/socketlab/tcp/TCPClient.java"),
                "\n} // a stray brace: work in progress\n",
                StandardOpenOption.APPEND);

        Path log = out.resolve("maven.log");
        int exit = runMaven(edition, log, "-B", "verify");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output)
                .as("verify grades the labs, prints the scoreboard, then fails on lab-tcp's compile error; it "
                        + "printed:\n"
                        + output)
                .contains("--- exec:", "(grade) @ grader ---")
                .contains("TOTAL ")
                .contains("Full feedback: grading-output/report.html")
                .containsPattern("Grader \\.+ SUCCESS")
                .containsPattern("Lab: TCP \\.+ FAILURE")
                .doesNotContain("Tests run:");
        assertThat(output.indexOf("TOTAL "))
                .as("the scoreboard comes before the labs' own build")
                .isLessThan(output.indexOf("COMPILATION ERROR"));
        assertThat(exit).as("the build fails for lab-tcp's compile error").isNotZero();

        JsonObject results = JsonParser.parseString(
                        Files.readString(edition.resolve("grading-output/results.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<JsonObject> udp = testsOf(results, "lab-udp");
        List<JsonObject> tcp = testsOf(results, "lab-tcp");
        List<JsonObject> threaded = testsOf(results, "lab-threaded");

        assertThat(udp).as("lab-udp's tests").isNotEmpty().allSatisfy(test -> {
            String shown =
                    test.get("name").getAsString() + ": " + test.get("output").getAsString();
            if (test.get("number").getAsString().startsWith("U1.")) {
                assertThat(test.get("status").getAsString()).as(shown).isEqualTo("passed");
            } else {
                assertThat(test.get("score").getAsDouble()).as(shown).isZero();
            }
        });
        assertThat(tcp)
                .as("lab-tcp's tests, planned from lab-api although lab-tcp does not compile")
                .isNotEmpty()
                .allSatisfy(test -> {
                    assertThat(test.get("score").getAsDouble()).isZero();
                    assertThat(test.get("output").getAsString())
                            .contains("lab-tcp does not compile")
                            .contains("src/main/java/socketlab/tcp/TCPClient.java")
                            .contains("error:");
                });
        assertThat(threaded)
                .as("lab-threaded's tests (the untouched skeleton)")
                .isNotEmpty()
                .allSatisfy(test -> assertThat(test.get("score").getAsDouble()).isZero());
        assertThat(Files.readString(edition.resolve("grading-output/report.md"), StandardCharsets.UTF_8))
                .contains("## lab-tcp — 0 / ")
                .contains("(compile-error)")
                .contains("TCPClient.java")
                .contains("error:");
    }

    private static List<JsonObject> testsOf(JsonObject results, String lab) {
        List<JsonObject> tests = new ArrayList<>();
        for (JsonElement test : results.getAsJsonArray("tests")) {
            JsonObject t = test.getAsJsonObject();
            if (t.getAsJsonArray("tags").get(0).getAsString().equals(lab)) {
                tests.add(t);
            }
        }
        return tests;
    }

    /** The edition's own wrapper, offline if this build is, with this build's local repository. */
    private static int runMaven(Path edition, Path log, String... args) throws Exception {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> command = new ArrayList<>(
                List.of(edition.resolve(windows ? "mvnw.cmd" : "mvnw").toString()));
        if (System.getProperty("socketlab.maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        String repo = System.getProperty("socketlab.maven.repo.local", "");
        if (!repo.isBlank() && !repo.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(edition.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("MAVEN_BASEDIR"); // the edition is a project of its own, not this build's
        env.remove("MAVEN_PROJECTBASEDIR");
        Process maven = builder.start();
        if (!maven.waitFor(8, TimeUnit.MINUTES)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new AssertionError("the grading command did not finish within 8 minutes:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return maven.exitValue();
    }
}
