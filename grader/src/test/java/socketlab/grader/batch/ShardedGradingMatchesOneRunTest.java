package socketlab.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;
import socketlab.grader.run.GradingOptions;

/**
 * A class of 10 small submissions graded in one run, and in 3 shards merged: the same gradebook, byte for byte.
 * Each grading is one fast test (U1's server in upper case) of a loose UDPServer.java (the solution's, in a folder and
 * in a zip; the skeleton's; one that does not compile); the other six hand in nothing gradable, which costs no grading.
 */
@ExtendedCheck
class ShardedGradingMatchesOneRunTest {

    private static final int SHARDS = 3;

    @TempDir
    Path work;

    @Test
    void threeShardsMergedGiveTheGradebookOfOneRunByteForByte() throws IOException {
        Path classFolder = Files.createDirectories(work.resolve("class"));
        String solution = Files.readString(
                KitPaths.root().resolve("solutions/lab-udp/src/main/java/socketlab/udp/UDPServer.java"));
        String skeleton =
                Files.readString(KitPaths.root().resolve("lab-udp/src/main/java/socketlab/udp/UDPServer.java"));
        write(classFolder.resolve("ada/UDPServer.java"), solution);
        zip(classFolder.resolve("bob.zip"), "UDPServer.java", solution);
        write(classFolder.resolve("cy/UDPServer.java"), skeleton);
        write(classFolder.resolve("dee/UDPServer.java"), solution + "\n}\n");
        write(classFolder.resolve("eve-2/notes.txt"), "see eve");
        write(classFolder.resolve("fay/notes.txt"), "I ran out of time");
        write(classFolder.resolve("gus/README.md"), "nothing here");
        zip(classFolder.resolve("hal.zip"), "essay.txt", "no code");
        write(classFolder.resolve("ivy/answers.txt"), "?");
        write(classFolder.resolve("eve/empty.txt"), "");

        GradingOptions template = new GradingOptions(
                KitPaths.root(),
                classFolder,
                List.of("lab-udp"),
                List.of("U1.serverRepliesInUpperCase"),
                null,
                Duration.ofSeconds(120),
                Duration.ofSeconds(180),
                "",
                Map.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

        Path single = work.resolve("single");
        List<StudentResult> oneRun = new ClassGrading(template, 2, out, false).run(classFolder, single);
        List<Path> shardFolders = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int index = 0; index < SHARDS; index++) {
            Path folder = work.resolve("shard-" + index);
            sizes.add(new ClassGrading(template, 2, out, false)
                    .run(classFolder, folder, new Shard(index, SHARDS))
                    .size());
            shardFolders.add(folder);
        }
        Path merged = work.resolve("merged");
        ClassMerge.merge(merged, shardFolders);

        assertThat(oneRun).hasSize(10);
        assertThat(sizes)
                .as("submissions per shard")
                .doesNotContain(10)
                .containsAnyOf(1, 2, 3, 4, 5, 6, 7, 8, 9)
                .satisfies(s ->
                        assertThat(s.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10));
        String gradebook = Files.readString(single.resolve(ClassGrading.GRADEBOOK));
        assertThat(gradebook)
                .as(console.toString(StandardCharsets.UTF_8))
                .contains("ada,ok,2,2")
                .contains("bob,ok,2,2")
                .contains("cy,ok,0,2")
                .contains("dee,compile-error,0,2")
                .contains("eve-2,no-labs,0,0")
                .contains("fay,no-labs,0,0");
        assertThat(Files.readAllBytes(merged.resolve(ClassGrading.GRADEBOOK)))
                .as("the merged gradebook")
                .isEqualTo(Files.readAllBytes(single.resolve(ClassGrading.GRADEBOOK)));
        assertThat(merged.resolve("ada/results.json"))
                .as("the students' reports are merged too")
                .isRegularFile();
        assertThat(merged.resolve(ClassGrading.SUMMARY)).content().contains("Graded 10 submissions");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void zip(Path file, String entry, String text) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
