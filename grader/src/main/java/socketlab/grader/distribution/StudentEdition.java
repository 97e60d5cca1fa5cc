package socketlab.grader.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import socketlab.grader.core.Lab;
import socketlab.grader.run.Grading;

/**
 * The kit as students get it: no solutions, no hidden tests; a GitHub Actions workflow grades each push.
 * The grader compiles its suites against {@value #LAB_API}, a frozen copy of the exported skeletons
 * (same public API as the solutions), never against the student's lab modules: so
 * {@code ./mvnw -pl grader -am} does not build the labs, and a lab that does not compile yet cannot
 * stop the grading command (the grader compiles each lab itself and reports javac's messages).
 */
public final class StudentEdition {

    /** Lists each lab's SHA-256 as exported, so the build knows which labs are still pristine skeletons. */
    public static final String PRISTINE_LABS = "grader/src/test/resources/pristine-labs.txt";

    static final String WORKFLOW = ".github/workflows/grade.yml";
    /** The frozen copy of the skeletons' sources the edition's grader compiles against (a module of its own). */
    public static final String LAB_API = Grading.FROZEN_SKELETONS;

    private static final String INSTRUCTOR_BEGIN = "<!-- instructor-only -->";
    private static final String INSTRUCTOR_END = "<!-- /instructor-only -->";
    private static final String STUDENT_BEGIN = "<!-- student-only";
    private static final String STUDENT_END = "-->";

    private StudentEdition() {}

    /** Writes the student edition of {@code kit} into {@code target} (which must not exist or be empty). */
    public static List<String> export(Path kit, Path target) throws IOException {
        return export(kit, target, 0);
    }

    /**
     * As {@link #export(Path, Path)}, with a workflow whose job fails when a push scores below {@code minScore}
     * percent (0: it never fails for the score).
     */
    public static List<String> export(Path kit, Path target, int minScore) throws IOException {
        if (minScore < 0 || minScore > 100) {
            throw new IllegalArgumentException("the minimum score is a percentage, 0 to 100: " + minScore);
        }
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(target + " is not empty: choose a new folder");
                }
            }
        }
        List<String> files = KitFiles.list(
                kit,
                rel -> rel.startsWith("solutions/")
                        || rel.startsWith("grader/src/main/java/socketlab/grader/hidden/")
                        // The engines' own tests check the kit, not the student's work: verify must only grade there.
                        || rel.startsWith("grader/udp-relay/src/test/")
                        || rel.startsWith("grader/toxiproxy-embedded/src/test/")
                        || rel.startsWith("grader/experiments/src/test/")
                        || rel.equals(PRISTINE_LABS));
        for (String file : files) {
            Path from = kit.resolve(file);
            Path to = target.resolve(file);
            Files.createDirectories(to.getParent());
            switch (file) {
                case "pom.xml" ->
                    Files.writeString(
                            to, withoutLayoutCheck(studentModules(Files.readString(from, StandardCharsets.UTF_8))));
                case "grader/pom.xml", "grader/experiments/pom.xml" ->
                    Files.writeString(to, againstLabApi(file, Files.readString(from, StandardCharsets.UTF_8)));
                default -> {
                    if (file.endsWith("README.md")) {
                        Files.writeString(to, forStudents(Files.readString(from, StandardCharsets.UTF_8)));
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
            if (Files.isExecutable(from)) {
                makeExecutable(to);
            }
        }
        writeLabApi(target);
        Files.createDirectories(target.resolve(WORKFLOW).getParent());
        Files.writeString(
                target.resolve(WORKFLOW), GITHUB_WORKFLOW.replace(MIN_SCORE_PLACEHOLDER, String.valueOf(minScore)));
        Files.createDirectories(target.resolve(PRISTINE_LABS).getParent());
        Files.writeString(target.resolve(PRISTINE_LABS), pristineLabs(target));
        return files;
    }

    /** "lab-udp <sha256 of its src tree>" per line. */
    public static String pristineLabs(Path kit) throws IOException {
        StringBuilder out = new StringBuilder(
                "# Labs as exported: a lab whose sources still have this hash is an untouched skeleton.\n");
        for (String lab : Lab.folders()) {
            String hash = sourcesHash(kit.resolve(lab));
            if (hash != null) {
                out.append(lab).append(' ').append(hash).append('\n');
            }
        }
        return out.toString();
    }

    /** SHA-256 over a lab's src files (paths and contents), or null when it has none. */
    public static String sourcesHash(Path lab) throws IOException {
        Path src = lab.resolve("src");
        if (!Files.isDirectory(src)) {
            return null;
        }
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(lab.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern MODULES = Pattern.compile("(?s)(\\n[ \\t]*)<modules>.*?</modules>");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /**
     * The edition's modules: no solutions; {@value #LAB_API} before the grader that needs it; the grader before the
     * labs, so that {@code ./mvnw verify} grades (and prints the scoreboard) even when a lab does not compile yet,
     * and only then builds the labs, whose compiler errors fail the build.
     */
    static String studentModules(String pom) {
        Matcher block = MODULES.matcher(pom);
        if (!block.find()) {
            throw new IllegalStateException("the kit's pom.xml has no <modules>: cannot write the student edition's");
        }
        List<String> modules =
                MODULE.matcher(block.group()).results().map(m -> m.group(1)).toList();
        if (!modules.contains("grader")) {
            throw new IllegalStateException("the kit's pom.xml has no <module>grader</module>: cannot add " + LAB_API);
        }
        List<String> ordered = new ArrayList<>();
        modules.stream().filter(m -> m.startsWith("grader")).forEach(m -> {
            if (m.equals("grader")) {
                ordered.add(LAB_API);
            }
            ordered.add(m);
        });
        modules.stream()
                .filter(m -> !m.startsWith("grader") && !m.equals("solutions"))
                .forEach(ordered::add);
        String indent = block.group(1);
        StringBuilder replaced = new StringBuilder(indent + "<modules>");
        ordered.forEach(
                m -> replaced.append(indent).append("  <module>").append(m).append("</module>"));
        replaced.append(indent).append("</modules>");
        return pom.substring(0, block.start()) + replaced + pom.substring(block.end());
    }

    /**
     * The edition's root POM without the grader's layout check: the grader's code is the instructor's, and a
     * student's {@code ./mvnw verify} should not fetch a formatter to check it.
     */
    static String withoutLayoutCheck(String pom) {
        int properties = pom.indexOf("<properties>");
        if (properties < 0) {
            throw new IllegalStateException("the kit's pom.xml has no <properties>: cannot turn its layout check off");
        }
        int at = properties + "<properties>".length();
        return pom.substring(0, at) + "\n    <spotless.check.skip>true</spotless.check.skip>" + pom.substring(at);
    }

    private static final Pattern SOLUTION_DEPENDENCIES =
            Pattern.compile("(?s)<!-- The (suites|experiments) compile against the solutions' public API\\..*?-->"
                    + "(?:\\s*<dependency>\\s*<groupId>org\\.socketlab</groupId>"
                    + "\\s*<artifactId>solution-(?:udp|tcp|threaded)</artifactId>.*?</dependency>){3}");

    /**
     * The suites (grader/pom.xml) and the experiments (grader/experiments/pom.xml) compile against {@value #LAB_API}
     * (the skeletons' API, identical to the solutions', the build checks) instead of the three solution modules;
     * never against the labs, which may not compile.
     */
    static String againstLabApi(String file, String pom) {
        Matcher m = SOLUTION_DEPENDENCIES.matcher(pom);
        if (!m.find()) {
            throw new IllegalStateException(file + "'s three solution-* dependencies (and the comment before them) "
                    + "not found: update StudentEdition.againstLabApi");
        }
        String i = pom.substring(pom.lastIndexOf('\n', m.start()) + 1, m.start());
        String block = "<!-- The " + m.group(1) + " compile against lab-api (" + LAB_API
                + "), a frozen copy of the skeletons' public API,\n"
                + i
                + "     never against lab-udp, lab-tcp and lab-threaded: building the grader does not build your "
                + "labs, so a\n"
                + i
                + "     lab that does not compile yet scores 0 with the compiler's messages and the others are still "
                + "graded.\n"
                + i
                + "     `provided`: at grading time the classes come from your lab folders, compiled by the grader. "
                + "-->\n"
                + i + "<dependency>\n"
                + i + "  <groupId>org.socketlab</groupId>\n"
                + i + "  <artifactId>lab-api</artifactId>\n"
                + i + "  <version>${project.version}</version>\n"
                + i + "  <scope>provided</scope>\n"
                + i + "</dependency>";
        return pom.substring(0, m.start()) + block + pom.substring(m.end());
    }

    /**
     * {@value #LAB_API}: the three labs' exported sources merged into one source tree (the labs share
     * {@code socketlab/Todo.java} and {@code socketlab/Args.java}, identical in each), with its pom and a README saying
     * what it is.
     */
    static void writeLabApi(Path edition) throws IOException {
        Path api = edition.resolve(LAB_API);
        Path sources = api.resolve("src/main/java");
        for (String lab : Lab.folders()) {
            Path labSources = edition.resolve(lab).resolve("src/main/java");
            if (!Files.isDirectory(labSources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(labSources)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    Path to = sources.resolve(labSources.relativize(file).toString());
                    if (Files.exists(to)) {
                        if (!Arrays.equals(Files.readAllBytes(to), Files.readAllBytes(file))) {
                            throw new IllegalStateException(
                                    lab + " and another lab both have " + labSources.relativize(file)
                                            + " but with different contents: " + LAB_API + " cannot hold both");
                        }
                        continue;
                    }
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        }
        Files.writeString(api.resolve("pom.xml"), LAB_API_POM);
        Files.writeString(api.resolve("README.md"), LAB_API_README);
    }

    /**
     * A README as students read it: without its {@code <!-- instructor-only -->} parts, and with its
     * {@code <!-- student-only ... -->} parts (a comment, so invisible in the instructor's kit) shown.
     */
    static String forStudents(String readme) {
        return readme.replaceAll("(?s)" + INSTRUCTOR_BEGIN + ".*?" + INSTRUCTOR_END + "\\n?", "")
                .replaceAll("(?s)" + STUDENT_BEGIN + "\\n(.*?)" + STUDENT_END + "\\n?", "$1");
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true, false);
        }
    }

    private static final String MIN_SCORE_PLACEHOLDER = "{minScore}";

    /** {@code bash ./mvnw}: a wrapper that lost its execute bit (an upload through a web page, a zip) still runs. */
    static final String GITHUB_WORKFLOW = """
            # Grades the labs on every push: the scoreboard is in the job's log, the report in the run's summary
            # and in the grading-report artifact.
            name: Grade
            on:
              push:
              workflow_dispatch:
            env:
              # The job fails when the score is below this percentage (0: never). Your instructor sets it.
              MIN_SCORE: '{minScore}'
            jobs:
              grade:
                runs-on: ubuntu-latest
                timeout-minutes: 30
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-java@v4
                    with:
                      distribution: temurin
                      java-version: '17'
                      cache: maven
                  - name: Grade the labs
                    run: bash ./mvnw -B -q -pl grader -am compile exec:exec "-Dkit=grade --min-score $MIN_SCORE"
                  - name: Keep the reports
                    if: always()
                    uses: actions/upload-artifact@v4
                    with:
                      name: grading-report
                      path: grading-output/
            """;

    static final String LAB_API_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <parent>
                <groupId>org.socketlab</groupId>
                <artifactId>socket-lab-kit</artifactId>
                <version>0.1.0-SNAPSHOT</version>
                <relativePath>../../pom.xml</relativePath>
              </parent>

              <artifactId>lab-api</artifactId>
              <name>Lab API (frozen skeletons)</name>
              <description>A frozen copy of the lab skeletons as exported: what the grader's suites compile against. Edit lab-udp, lab-tcp and lab-threaded, never this.</description>
            </project>
            """;

    static final String LAB_API_README = """
            # lab-api: a frozen copy of the skeletons (do not edit)

            This module holds the sources of `lab-udp`, `lab-tcp` and `lab-threaded` exactly as they were
            exported, before anyone worked on them. The grader's suites compile against it, never against
            your labs, so a lab that does not compile yet cannot stop `./mvnw -q -pl grader -am compile exec:exec`:
            that lab scores 0 with the compiler's messages, and the other labs are still graded.

            **Edit your labs (`lab-udp`, `lab-tcp`, `lab-threaded`), never this copy.** Grading compiles and
            runs the code in your lab folders; nothing here is ever graded or run, and changing it can only
            break the grader's build.
            """;
}
