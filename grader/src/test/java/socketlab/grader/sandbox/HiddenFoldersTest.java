package socketlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sandboxed process may not see is covered, and what it needs is not. */
class HiddenFoldersTest {

    @Test
    void coversEachSensitiveFolderOnceAndKeepsWhatTheProgramNeeds(@TempDir Path tmp) throws IOException {
        Path classFolder = Files.createDirectories(tmp.resolve("class"));
        Path submission = Files.createDirectories(classFolder.resolve("ada"));
        Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
        Path real = tmp.toRealPath();
        Path jdk = Path.of(System.getProperty("java.home")).toRealPath();

        HiddenFolders.View view = HiddenFolders.around(
                List.of(submission, classFolder, tmp.resolve("no-such-folder")),
                List.of(sandbox, Path.of(System.getProperty("java.home"))));
        List<Path> cover = view.covered();

        if (real.startsWith("/tmp")) {
            assertThat(cover)
                    .as("inside /tmp, which is replaced as a whole")
                    .noneMatch(folder -> folder.startsWith("/tmp"));
        } else {
            assertThat(cover)
                    .as("the class folder, or a folder holding it, once")
                    .anyMatch(real.resolve("class")::startsWith)
                    .doesNotContain(real.resolve("class/ada"));
        }
        assertThat(view.kept())
                .as("the sandbox folder is put back in view (it is in a covered or scratch folder)")
                .contains(sandbox.toRealPath());
        assertThat(cover).as("the JDK stays: never covered").noneMatch(jdk::startsWith);
        assertThat(cover)
                .as("no system folder")
                .doesNotContain(Path.of("/usr"), Path.of("/tmp"), Path.of("/etc"), Path.of("/proc"));
        assertThat(cover)
                .as("one folder never inside another")
                .allSatisfy(folder ->
                        assertThat(cover).noneMatch(other -> !other.equals(folder) && folder.startsWith(other)));
    }

    @Test
    void aCoveredFolderIsEmptyToTheProgram() throws Exception {
        assumeTrue(
                HiddenFolders.available(),
                "this machine allows no mount namespace (not root, or a container without them)");
        // Outside the scratch folders, which are replaced whole: in the build's own target folder.
        Path kit = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hidden-kit-");
        try {
            Path secret = Files.writeString(kit.resolve("Hidden.java"), "the hidden test", StandardCharsets.UTF_8);
            HiddenFolders.View view =
                    HiddenFolders.around(List.of(kit), List.of(Path.of(System.getProperty("java.home"))));

            String seen = run(view, "cat " + secret + "; ls -A " + kit);

            assertThat(seen)
                    .as("what the program sees of the kit folder (gone, or empty)")
                    .doesNotContain("the hidden test")
                    .contains("No such file");
            assertThat(secret)
                    .as("outside the namespace the file is still there")
                    .exists();
        } finally {
            Files.deleteIfExists(kit.resolve("Hidden.java"));
            Files.deleteIfExists(kit);
        }
    }

    @Test
    void theMachinesTemporaryFoldersArePrivateButAKeptFolderInThemIsInView(@TempDir Path tmp) throws Exception {
        assumeTrue(
                HiddenFolders.available(),
                "this machine allows no mount namespace (not root, or a container without them)");
        // A world-readable copy of the kit someone left in /tmp, and the sandbox folder, also in /tmp.
        Path leftover = Files.createDirectories(tmp.resolve("kit-copy"));
        Files.writeString(leftover.resolve("HiddenTest.java"), "the hidden test", StandardCharsets.UTF_8);
        Sandbox.openForReading(tmp);
        Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
        Files.writeString(sandbox.resolve("Agent.class"), "what the program needs", StandardCharsets.UTF_8);
        HiddenFolders.View view = HiddenFolders.around(List.of(), List.of(sandbox));

        String seen = run(
                view,
                "cat " + leftover.resolve("HiddenTest.java") + "; cat " + sandbox.resolve("Agent.class")
                        + "; echo written > " + sandbox.resolve("out.txt")
                        + " && echo private > /tmp/socketlab-scratch-probe && ls -A /tmp | wc -l");

        assertThat(seen)
                .as("what the program saw")
                .doesNotContain("the hidden test")
                .contains("what the program needs")
                .contains("No such file");
        assertThat(sandbox.resolve("out.txt"))
                .as("the kept folder is the real one")
                .hasContent("written");
        assertThat(Path.of("/tmp/socketlab-scratch-probe"))
                .as("a file the program wrote to /tmp stays in its private /tmp")
                .doesNotExist();
    }

    /** Runs {@code shell} in {@code view}; returns what it printed and "exit N". */
    private static String run(HiddenFolders.View view, String shell) throws Exception {
        Process process = new ProcessBuilder(HiddenFolders.wrap(view, List.of("/bin/sh", "-c", shell)))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS))
                .as("the program ended")
                .isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "exit "
                + process.exitValue() + "\n";
    }
}
