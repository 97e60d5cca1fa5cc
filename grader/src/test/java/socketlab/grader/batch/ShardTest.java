package socketlab.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import socketlab.grader.cli.SocketLab;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

/** Which shard a submission belongs to, and what a merge accepts. */
class ShardTest {

    @TempDir
    Path work;

    @Test
    void everySubmissionIsInExactlyOneShardWhateverTheOtherSubmissions() {
        List<String> names =
                IntStream.range(0, 1000).mapToObj(i -> "student-" + i).toList();
        int[] sizes = new int[4];
        for (String name : names) {
            List<Integer> owners = IntStream.range(0, 4)
                    .filter(i -> new Shard(i, 4).contains(name))
                    .boxed()
                    .toList();
            assertThat(owners).as(name).hasSize(1);
            sizes[owners.get(0)]++;
        }
        assertThat(IntStream.of(sizes).boxed().toList())
                .as("1000 names over 4 shards, by a hash of each name")
                .allSatisfy(size -> assertThat(size).isBetween(200, 300));
        assertThat(new Shard(2, 4).contains("student-7"))
                .as("a pure function of the name and N")
                .isEqualTo(new Shard(2, 4).contains("student-7"));
    }

    @Test
    void theShardOfAFolderDoesNotDependOnTheOrderItIsListedIn(@TempDir Path classFolder) throws IOException {
        List<String> names =
                new ArrayList<>(IntStream.range(0, 12).mapToObj(i -> "s" + i).toList());
        Collections.shuffle(names, new java.util.Random(7));
        for (String name : names) {
            Files.createDirectories(classFolder.resolve(name));
        }
        List<String> found =
                SubmissionFinder.find(classFolder, work.resolve("unpacked"), work, new Shard(1, 3)).stream()
                        .map(Submission::name)
                        .toList();
        assertThat(found)
                .isEqualTo(names.stream()
                        .filter(new Shard(1, 3)::contains)
                        .sorted(SubmissionFinder.ORDER)
                        .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3/3", "-1/2", "1/0", "1", "a/b", "1/2/3", ""})
    void aBadShardIsRefusedInOneLine(String text) {
        assertThatThrownBy(() -> Shard.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("I/N")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void theCommandLineRefusesABadShardAndAnIncompleteMergeInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine command = SocketLab.commandLine().setErr(new PrintWriter(err));
        assertThat(command.execute("grade-class", work.toString(), "--shard", "4/4"))
                .isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .contains("--shard: a shard is I/N with N at least 1 and I from 0 to N-1, not 4/4");

        StringWriter mergeErr = new StringWriter();
        CommandLine merge = SocketLab.commandLine().setErr(new PrintWriter(mergeErr));
        assertThat(merge.execute(
                        "grade-class",
                        "merge",
                        work.resolve("all").toString(),
                        shardOutput("1/2", "class", "a").toString()))
                .isEqualTo(2);
        assertThat(mergeErr.toString().lines().findFirst().orElse("")).contains("shard 0/2 missing");
        assertThat(mergeErr.toString()).doesNotContain("Exception");
    }

    private Path shardOutput(String shard, String classFolder, String... students) {
        Path folder = work.resolve("out-" + shard.replace('/', '-') + "-" + classFolder);
        List<ClassResults.Student> entries = new ArrayList<>();
        for (String student : students) {
            GradingReport report = new GradingReport(
                    student,
                    List.of(),
                    List.of(new LabResult(
                            "lab-udp",
                            LabStatus.OK,
                            "",
                            List.of(new TestOutcome(
                                    "lab-udp",
                                    "U1",
                                    "Uppercase",
                                    "U1.x",
                                    "x",
                                    1,
                                    2,
                                    Status.FAILED,
                                    "no",
                                    false,
                                    false,
                                    5)))),
                    Duration.ofMillis(1234));
            entries.add(new ClassResults.Student(student, student, "ok", "", 1234, report));
        }
        new ClassResults(shard, classFolder, 99, entries).write(folder);
        return folder;
    }

    @Test
    void aMergeWritesTheRowsInTheOrderOfOneRunAndReadsBackTheTypedReports() throws IOException {
        Path merged = work.resolve("merged");
        ClassMerge.merge(merged, List.of(shardOutput("1/2", "class", "zed", "amy"), shardOutput("0/2", "class", "bo")));

        assertThat(Files.readAllLines(merged.resolve(ClassGrading.GRADEBOOK)))
                .containsExactly(
                        "student,status,total,max,lab-udp,lab-udp:U1,notes",
                        "amy,ok,1,2,1,1,",
                        "bo,ok,1,2,1,1,",
                        "zed,ok,1,2,1,1,");
    }

    @Test
    void aMergeRefusesAMissingShardATwiceGivenOneAndAnotherClass() {
        Path zero = shardOutput("0/3", "class", "a");
        Path one = shardOutput("1/3", "class", "b");
        Path two = shardOutput("2/3", "class", "c");
        Path otherClass = shardOutput("2/3", "other", "c");

        assertThatThrownBy(() -> ClassMerge.merge(work.resolve("m1"), List.of(zero, two)))
                .hasMessage("shard 1/3 missing: the gradebook would lack its students");
        assertThatThrownBy(() -> ClassMerge.merge(work.resolve("m2"), List.of(zero, one, one)))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> ClassMerge.merge(work.resolve("m3"), List.of(zero, one, otherClass)))
                .hasMessageContaining("'other'");
        assertThatThrownBy(() -> ClassMerge.merge(work.resolve("m4"), List.of(work.resolve("nothing"))))
                .hasMessageContaining("no class-results.json in");
    }
}
