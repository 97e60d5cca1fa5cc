package socketlab.grader.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import socketlab.grader.run.GradingOptions;

/**
 * The kit as students get it: no solutions, no hidden tests; the grader compiles its suites against
 * the skeletons instead (same public API); a GitHub Actions workflow grades each push.
 */
public final class StudentEdition {

    /** Lists each lab's SHA-256 as exported, so the build knows which labs are still pristine skeletons. */
    public static final String PRISTINE_LABS = "grader/src/test/resources/pristine-labs.txt";
    static final String WORKFLOW = ".github/workflows/grade.yml";

    private static final String INSTRUCTOR_BEGIN = "<!-- instructor-only -->";
    private static final String INSTRUCTOR_END = "<!-- /instructor-only -->";

    private StudentEdition() {
    }

    /** Writes the student edition of {@code kit} into {@code target} (which must not exist or be empty). */
    public static List<String> export(Path kit, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(target + " is not empty: choose a new folder");
                }
            }
        }
        List<String> files = KitFiles.list(kit, rel -> rel.startsWith("solutions/")
                || rel.startsWith("grader/src/main/java/socketlab/grader/hidden/")
                || rel.equals(PRISTINE_LABS));
        for (String file : files) {
            Path from = kit.resolve(file);
            Path to = target.resolve(file);
            Files.createDirectories(to.getParent());
            switch (file) {
                case "pom.xml" -> Files.writeString(to, withoutSolutionsModule(Files.readString(from, StandardCharsets.UTF_8)));
                case "grader/pom.xml" -> Files.writeString(to, againstSkeletons(Files.readString(from, StandardCharsets.UTF_8)));
                case "README.md" -> Files.writeString(to, withoutInstructorParts(Files.readString(from, StandardCharsets.UTF_8)));
                default -> Files.copy(from, to);
            }
            if (Files.isExecutable(from)) {
                makeExecutable(to);
            }
        }
        Files.createDirectories(target.resolve(WORKFLOW).getParent());
        Files.writeString(target.resolve(WORKFLOW), GITHUB_WORKFLOW);
        Files.createDirectories(target.resolve(PRISTINE_LABS).getParent());
        Files.writeString(target.resolve(PRISTINE_LABS), pristineLabs(target));
        return files;
    }

    /** "lab-udp <sha256 of its src tree>" per line. */
    public static String pristineLabs(Path kit) throws IOException {
        StringBuilder out = new StringBuilder("# Labs as exported: a lab whose sources still have this hash is an untouched skeleton.\n");
        for (String lab : GradingOptions.KNOWN_LABS) {
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

    static String withoutSolutionsModule(String pom) {
        return pom.replaceAll("\\s*<module>solutions</module>", "");
    }

    /** The suites compile against the skeletons' API (identical to the solutions', the build checks). */
    static String againstSkeletons(String pom) {
        return pom.replace("<artifactId>solution-udp</artifactId>", "<artifactId>lab-udp</artifactId>")
                .replace("<artifactId>solution-tcp</artifactId>", "<artifactId>lab-tcp</artifactId>")
                .replace("<artifactId>solution-threaded</artifactId>", "<artifactId>lab-threaded</artifactId>");
    }

    static String withoutInstructorParts(String readme) {
        return readme.replaceAll("(?s)" + INSTRUCTOR_BEGIN + ".*?" + INSTRUCTOR_END + "\\n?", "");
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

    static final String GITHUB_WORKFLOW = """
            # Grades the labs on every push; the report appears in the run's summary and as an artifact.
            name: Grade
            on:
              push:
              workflow_dispatch:
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
                    run: ./mvnw -B -q -pl grader -am compile exec:exec
                  - name: Keep the reports
                    if: always()
                    uses: actions/upload-artifact@v4
                    with:
                      name: grading-report
                      path: grading-output/
            """;
}
