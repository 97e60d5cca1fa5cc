package socketlab.grader.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import socketlab.grader.core.Lab;

/**
 * The classpath a grading worker needs: the grader and its libraries, and never a copy of the labs'
 * classes (the suites compile against the solutions, or in the student edition against lab-api, the
 * frozen skeletons, but grade whatever the worker is given). An entry is left out when it is a folder
 * holding a lab package or {@code socketlab/Todo.class} (e.g. {@code grader/lab-api/target/classes}),
 * or a jar named {@code lab-*} or {@code solution-*} (e.g. {@code lab-api-0.1.0-SNAPSHOT.jar}).
 */
public final class GraderClasspath {

    private static final List<String> LAB_ENTRIES = Stream.concat(
                    Lab.packages().stream().map(pkg -> pkg.replace('.', '/')), Stream.of("socketlab/Todo.class"))
            .toList();

    private GraderClasspath() {}

    public static String current() {
        String explicit = System.getProperty("socketlab.grader.classpath");
        String surefire = System.getProperty("surefire.test.class.path");
        String raw = explicit != null ? explicit : surefire != null ? surefire : System.getProperty("java.class.path");
        return withoutLabClasses(raw);
    }

    /**
     * Libraries only the command line and the benchmarks use (picocli): a test JVM runs suites and never needs them.
     * XChart is not even on the grader's classpath: only grader/experiments has it.
     */
    private static final List<String> NOT_FOR_TESTS = List.of("picocli-");

    /** What a test JVM runs on: the grader's classpath without the libraries its suites never use. */
    static String forTestJvm() {
        return String.join(
                File.pathSeparator,
                Arrays.stream(current().split(File.pathSeparator))
                        .filter(entry -> NOT_FOR_TESTS.stream()
                                .noneMatch(Path.of(entry).getFileName().toString()::startsWith))
                        .toList());
    }

    /** {@code classpath} without the entries that hold lab classes. */
    static String withoutLabClasses(String raw) {
        return String.join(
                File.pathSeparator,
                Arrays.stream(raw.split(File.pathSeparator))
                        .filter(entry -> !entry.isBlank() && !holdsLabClasses(Path.of(entry)))
                        .toList());
    }

    private static boolean holdsLabClasses(Path entry) {
        if (Files.isDirectory(entry)) {
            return LAB_ENTRIES.stream().anyMatch(pkg -> Files.exists(entry.resolve(pkg)));
        }
        String name = entry.getFileName().toString();
        return name.startsWith("solution-") || name.startsWith("lab-");
    }
}
