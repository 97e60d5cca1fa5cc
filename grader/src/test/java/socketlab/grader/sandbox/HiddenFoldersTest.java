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
    void coversEachSensitiveFolderOnceAndNeverOneThatHoldsWhatTheProgramNeeds(@TempDir Path tmp) throws IOException {
        Path classFolder = Files.createDirectories(tmp.resolve("class"));
        Path submission = Files.createDirectories(classFolder.resolve("ada"));
        Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
        Path real = tmp.toRealPath();
        Path sandboxReal = sandbox.toRealPath();
        Path jdk = Path.of(System.getProperty("java.home")).toRealPath();

        List<Path> cover = HiddenFolders.around(List.of(submission, classFolder, tmp.resolve("no-such-folder")),
                List.of(sandbox, Path.of(System.getProperty("java.home"))));

        assertThat(cover).as("the class folder, once: the submission inside it is gone with it").contains(real.resolve("class"))
                .doesNotContain(real.resolve("class/ada"));
        assertThat(cover).as("nothing that holds the sandbox or the JDK").noneMatch(sandboxReal::startsWith)
                .noneMatch(jdk::startsWith);
        assertThat(cover).as("no system folder").doesNotContain(Path.of("/usr"), Path.of("/tmp"), Path.of("/etc"), Path.of("/proc"));
        assertThat(cover).as("one folder never inside another").allSatisfy(folder ->
                assertThat(cover).noneMatch(other -> !other.equals(folder) && folder.startsWith(other)));
    }

    @Test
    void aCoveredFolderIsEmptyToTheProgram(@TempDir Path tmp) throws Exception {
        assumeTrue(HiddenFolders.available(), "this machine allows no mount namespace (not root, or a container without them)");
        Path secret = Files.writeString(Files.createDirectories(tmp.resolve("kit")).resolve("Hidden.java"), "the hidden test",
                StandardCharsets.UTF_8);
        List<Path> cover = HiddenFolders.around(List.of(secret.getParent()), List.of(Path.of(System.getProperty("java.home"))));

        Process ls = new ProcessBuilder(HiddenFolders.wrap(cover, List.of("ls", "-A", secret.getParent().toString())))
                .redirectErrorStream(true).start();
        assertThat(ls.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String seen = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ls.exitValue()).as("ls in the namespace: " + seen).isZero();
        assertThat(seen).as("what the program sees in the kit folder").isBlank();
        assertThat(secret).as("outside the namespace the file is still there").exists();
    }
}
