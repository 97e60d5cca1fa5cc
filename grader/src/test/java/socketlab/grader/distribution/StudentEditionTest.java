package socketlab.grader.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;

@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition is exported from the instructor's kit")
class StudentEditionTest {

    @Test
    void leavesOutSolutionsAndHiddenTestsAndGradesAgainstTheSkeletons(@TempDir Path out) throws IOException {
        Path edition = out.resolve("student-kit");
        StudentEdition.export(KitPaths.root(), edition);

        assertThat(edition.resolve("solutions")).doesNotExist();
        assertThat(edition.resolve("grader/src/main/java/socketlab/grader/hidden")).doesNotExist();
        assertThat(edition.resolve("lab-udp/src/main/java/socketlab/udp/UDPServer.java")).exists();
        assertThat(edition.resolve("grader/src/main/java/socketlab/grader/suites/threaded/LineClient.java"))
                .as("the suite helpers the hidden tests share stay in the student edition").exists();
        assertThat(edition.resolve("mvnw")).isExecutable();
        assertThat(edition.resolve(".mvn/wrapper/maven-wrapper.properties")).exists();
        assertThat(read(edition, "pom.xml")).doesNotContain("<module>solutions</module>").contains("<module>grader</module>");
        assertThat(read(edition, "grader/pom.xml")).doesNotContain("solution-").contains("<artifactId>lab-udp</artifactId>");
        assertThat(read(edition, "README.md")).doesNotContain("instructor-only").doesNotContain("--submission solutions");
        assertThat(read(edition, StudentEdition.WORKFLOW)).contains("exec:exec").contains("setup-java");
        assertThat(read(edition, StudentEdition.PRISTINE_LABS))
                .contains("lab-udp " + StudentEdition.sourcesHash(edition.resolve("lab-udp")));
        try (var walk = Files.walk(edition)) {
            assertThat(walk.map(Path::toString)).noneMatch(p -> p.contains("/target/") || p.contains("/.git/"));
        }
    }

    @Test
    void refusesToExportIntoAFolderThatIsNotEmpty(@TempDir Path out) throws IOException {
        Files.writeString(out.resolve("keep.txt"), "mine");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudentEdition.export(KitPaths.root(), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void gradescopeBundleHasTheTwoScriptsAndTheKit(@TempDir Path out) throws IOException {
        Path zip = out.resolve("autograder.zip");
        GradescopeBundle.write(KitPaths.root(), zip);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertThat(file.getEntry("setup.sh")).isNotNull();
            assertThat(file.getEntry("run_autograder")).isNotNull();
            assertThat(file.getEntry("kit/pom.xml")).isNotNull();
            assertThat(file.getEntry("kit/grader/src/main/java/socketlab/grader/hidden/udp/UppercaseUdpHiddenTest.java")).isNotNull();
            assertThat(file.getEntry("kit/grader/src/main/java/socketlab/grader/hidden/threaded/WebServerHiddenTest.java")).isNotNull();
            String run = new String(file.getInputStream(file.getEntry("run_autograder")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run).contains("/autograder/submission").contains("/autograder/results");
        }
    }

    private static String read(Path root, String file) throws IOException {
        return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    }
}
