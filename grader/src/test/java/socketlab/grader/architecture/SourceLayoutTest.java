package socketlab.grader.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import socketlab.grader.KitPaths;

/**
 * The grader's Java stays within 120 columns (Spotless, run by the build, keeps the layout; it cannot break a long
 * string or comment). Text blocks are exempt: they hold data, such as a fixture's source or an expected report.
 */
class SourceLayoutTest {

    private static final int COLUMNS = 120;

    @Test
    void everyLineOfTheGraderIsWithin120ColumnsOutsideTextBlocks() throws IOException {
        Path grader = KitPaths.root().resolve("grader");
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(grader)) {
            for (Path file : files.filter(SourceLayoutTest::isSource).sorted().toList()) {
                tooLong.addAll(linesTooLong(grader.relativize(file), Files.readAllLines(file, StandardCharsets.UTF_8)));
            }
        }
        assertThat(tooLong)
                .as("lines over %d columns (split the string or comment; `./mvnw spotless:apply` for code)", COLUMNS)
                .isEmpty();
    }

    @Test
    void textBlocksAreExemptAndEverythingElseCounts() {
        String longText = "x".repeat(COLUMNS + 1);
        List<String> lines = List.of("String s = \"\"\"", longText, "    \"\"\";", "// " + longText);

        assertThat(linesTooLong(Path.of("Example.java"), lines))
                .containsExactly("Example.java:4 (" + (COLUMNS + 4) + " columns)");
    }

    private static boolean isSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/") && !path.contains("/target/");
    }

    private static List<String> linesTooLong(Path file, List<String> lines) {
        List<String> found = new ArrayList<>();
        boolean inTextBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean delimiter = textBlockDelimiters(line) % 2 == 1;
            if (!inTextBlock && !delimiter && line.length() > COLUMNS) {
                found.add(file + ":" + (i + 1) + " (" + line.length() + " columns)");
            }
            if (delimiter) {
                inTextBlock = !inTextBlock;
            }
        }
        return found;
    }

    private static int textBlockDelimiters(String line) {
        int count = 0;
        for (int at = line.indexOf("\"\"\""); at >= 0; at = line.indexOf("\"\"\"", at + 3)) {
            count++;
        }
        return count;
    }
}
