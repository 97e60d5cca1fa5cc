package socketlab.grader.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;

@EnabledIf(
        value = "socketlab.grader.KitPaths#hasSolutions",
        disabledReason = "the student edition is exported from the instructor's kit")
class StudentEditionTest {

    @Test
    void leavesOutSolutionsAndHiddenTestsAndGradesAgainstTheSkeletons(@TempDir Path out) throws IOException {
        Path edition = out.resolve("student-kit");
        StudentEdition.export(KitPaths.root(), edition);

        assertThat(edition.resolve("solutions")).doesNotExist();
        assertThat(edition.resolve("grader/src/main/java/socketlab/grader/hidden"))
                .doesNotExist();
        assertThat(edition.resolve("lab-udp/src/main/java/socketlab/udp/UDPServer.java"))
                .exists();
        assertThat(edition.resolve("grader/src/main/java/socketlab/grader/suites/threaded/LiveThreads.java"))
                .as("the suite helpers the hidden tests share stay in the student edition")
                .exists();
        assertThat(edition.resolve("mvnw")).isExecutable();
        assertThat(edition.resolve(".mvn/wrapper/maven-wrapper.properties")).exists();
        assertThat(read(edition, "pom.xml"))
                .doesNotContain("<module>solutions</module>")
                .contains("<module>grader</module>");
        assertThat(read(edition, "README.md"))
                .doesNotContain("instructor-only")
                .doesNotContain("--submission solutions")
                .doesNotContain("student-only")
                .contains("| `lab-udp`, `lab-tcp`, `lab-threaded` | your labs: fill in their TODOs |")
                .contains("`./mvnw verify`, Maven's usual command, grades your labs");
        assertThat(read(edition, StudentEdition.WORKFLOW))
                .contains("run: bash ./mvnw ")
                .contains("--min-score $MIN_SCORE")
                .contains("MIN_SCORE: '0'")
                .contains("setup-java");
        assertThat(edition.resolve("grade")).isExecutable();
        assertThat(edition.resolve("grade.cmd")).exists();
        assertThat(read(edition, StudentEdition.PRISTINE_LABS))
                .contains("lab-udp " + StudentEdition.sourcesHash(edition.resolve("lab-udp")));
        try (var walk = Files.walk(edition)) {
            assertThat(walk.map(Path::toString)).noneMatch(p -> p.contains("/target/") || p.contains("/.git/"));
        }
    }

    @Test
    void theGraderCompilesAgainstAFrozenCopyOfTheSkeletonsNeverAgainstTheLabs(@TempDir Path out) throws IOException {
        Path edition = out.resolve("student-kit");
        StudentEdition.export(KitPaths.root(), edition);

        String rootPom = read(edition, "pom.xml");
        assertThat(rootPom)
                .as("the grader's layout is the instructor's to check")
                .contains("<spotless.check.skip>true</spotless.check.skip>");
        assertThat(modules(rootPom))
                .as("the edition's modules, lab-api before the grader that needs it")
                .containsExactly(
                        "grader/student-agent",
                        "grader/udp-relay",
                        "grader/toxiproxy-embedded",
                        "grader/lab-api",
                        "grader",
                        "grader/experiments",
                        "lab-udp",
                        "lab-tcp",
                        "lab-threaded");

        String graderPom = read(edition, "grader/pom.xml");
        assertThat(graderPom)
                .doesNotContain("solution-")
                .doesNotContain("<artifactId>lab-udp</artifactId>")
                .doesNotContain("<artifactId>lab-tcp</artifactId>")
                .doesNotContain("<artifactId>lab-threaded</artifactId>")
                .contains("    <dependency>\n"
                        + "      <groupId>org.socketlab</groupId>\n"
                        + "      <artifactId>lab-api</artifactId>\n"
                        + "      <version>${project.version}</version>\n"
                        + "      <scope>provided</scope>\n"
                        + "    </dependency>\n"
                        + "  </dependencies>");
        assertThat(graderPom.split("<artifactId>lab-api</artifactId>", -1))
                .as("one lab-api dependency")
                .hasSize(2);
        assertThat(graderPom.replaceAll("(?s)<!--.*?-->", ""))
                .as("grader/pom.xml is still well-formed where it was rewritten")
                .containsOnlyOnce("<dependencies>")
                .containsOnlyOnce("</dependencies>");
        // The experiments run the student's own labs too (experiment NAME --submission .): the same frozen API.
        String experimentsPom = read(edition, "grader/experiments/pom.xml");
        assertThat(experimentsPom)
                .doesNotContain("solution-")
                .containsOnlyOnce("<artifactId>lab-api</artifactId>")
                .contains("<!-- The experiments compile against lab-api");
        assertThat(edition.resolve("grader/experiments/src/test"))
                .as("the kit's own tests of the experiments")
                .doesNotExist();

        Path api = edition.resolve(StudentEdition.LAB_API);
        assertThat(read(edition, StudentEdition.LAB_API + "/pom.xml"))
                .contains("<artifactId>lab-api</artifactId>")
                .contains("<relativePath>../../pom.xml</relativePath>")
                .doesNotContain("<dependency>");
        assertThat(read(edition, StudentEdition.LAB_API + "/README.md")).contains("never this copy");

        Map<String, String> expected = new TreeMap<>();
        for (String lab : List.of("lab-udp", "lab-tcp", "lab-threaded")) {
            Path sources = edition.resolve(lab).resolve("src/main/java");
            for (Map.Entry<String, String> file : tree(sources).entrySet()) {
                String before = expected.putIfAbsent(file.getKey(), file.getValue());
                assertThat(before == null || before.equals(file.getValue()))
                        .as(file.getKey() + " is the same in every lab that has it")
                        .isTrue();
            }
        }
        assertThat(expected)
                .containsKeys(
                        "socketlab/Todo.java",
                        "socketlab/udp/UDPServer.java",
                        "socketlab/tcp/WebServer.java",
                        "socketlab/threaded/PooledTCPServer.java");
        assertThat(tree(api.resolve("src/main/java")))
                .as("lab-api's sources are the labs' sources exactly as exported")
                .isEqualTo(expected);
        try (var walk = Files.walk(api)) {
            assertThat(walk.filter(Files::isRegularFile)
                            .map(p -> api.relativize(p).toString().replace('\\', '/'))
                            .filter(p -> !p.startsWith("src/main/java/")))
                    .containsExactlyInAnyOrder("pom.xml", "README.md");
        }
    }

    @Test
    void rewritingThePomsFailsLoudlyWhenTheKitsPomsNoLongerLookAsExpected() {
        assertThatThrownBy(() -> StudentEdition.againstLabApi("grader/pom.xml", "<project><dependencies/></project>"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("solution-");
        assertThatThrownBy(
                        () -> StudentEdition.studentModules("<project>\n  <modules><module>lab-udp</module></modules>"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<module>grader</module>");
        assertThatThrownBy(() -> StudentEdition.studentModules("<project/>"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<modules>");
    }

    @Test
    void theReadmeAndHandoutsSpeakToStudentsAboutFilesTheyHave(@TempDir Path out) throws IOException {
        Path edition = out.resolve("student-kit");
        StudentEdition.export(KitPaths.root(), edition);
        for (String readme : List.of("README.md", "lab-udp/README.md", "lab-tcp/README.md", "lab-threaded/README.md")) {
            assertThat(read(edition, readme))
                    .as(readme + " in the student edition")
                    .doesNotContainIgnoringCase("solution")
                    .doesNotContainIgnoringCase("instructor")
                    .doesNotContain("hidden test")
                    .doesNotContain("never edit their")
                    .doesNotContainIgnoringCase("tutorial")
                    .doesNotContain("seeds/")
                    .doesNotContain("seed 000")
                    .doesNotContain("walkthrough")
                    .doesNotContain("instructor-only")
                    .doesNotContain("student-only");
        }
        assertThat(StudentEdition.forStudents(
                        "a\n<!-- student-only\nfor you\n-->\nb\n<!-- instructor-only -->\nnot for you\n<!-- "
                                + "/instructor-only -->\nc\n"))
                .isEqualTo("a\nfor you\nb\nc\n");
    }

    @Test
    void theWorkflowFailsBelowTheThresholdTheInstructorSets(@TempDir Path out) throws IOException {
        Path edition = out.resolve("student-kit");
        StudentEdition.export(KitPaths.root(), edition, 60);
        assertThat(read(edition, StudentEdition.WORKFLOW)).contains("MIN_SCORE: '60'");
        assertThatThrownBy(() -> StudentEdition.export(KitPaths.root(), out.resolve("other"), 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentage");
    }

    @Test
    void refusesToExportIntoAFolderThatIsNotEmpty(@TempDir Path out) throws IOException {
        Files.writeString(out.resolve("keep.txt"), "mine");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudentEdition.export(KitPaths.root(), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not empty");
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
            assertThat(file.getEntry(
                            "kit/grader/src/main/java/socketlab/grader/hidden/udp/UppercaseUdpHiddenTest.java"))
                    .isNotNull();
            assertThat(file.getEntry(
                            "kit/grader/src/main/java/socketlab/grader/hidden/threaded/WebServerHiddenTest.java"))
                    .isNotNull();
            String run = new String(
                    file.getInputStream(file.getEntry("run_autograder")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run).contains("/autograder/submission").contains("/autograder/results");
        }
    }

    private static List<String> modules(String pom) {
        return Pattern.compile("<module>([^<]+)</module>")
                .matcher(pom)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    /** Relative path ('/') to content of every file under {@code root}. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(file).toString().replace('\\', '/'),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String read(Path root, String file) throws IOException {
        return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    }
}
