package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import socketlab.grader.KitPaths;
import socketlab.grader.distribution.StudentEdition;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.Status;

/**
 * The shipped skeletons score 0, and every failure points the student at the TODO to write. In the
 * student edition only the labs a student has not touched yet are checked (their work scores, of course).
 */
class SkeletonsScoreZeroIT {

    @Test
    void everyGradedTestFailsAtATodoAgainstTheSkeletons() throws IOException {
        List<String> labs = pristineLabs();
        assumeFalse(labs.isEmpty(), "every lab has been worked on: no untouched skeleton to check");
        GradingReport report = GradeKit.grade("", labs);

        assertThat(report.labs()).as("labs graded").isNotEmpty();
        assertThat(report.points()).as("the skeletons' score").isZero();
        assertThat(report.tests()).isNotEmpty();
        report.tests().forEach(test -> {
            assertThat(test.status())
                    .as(test.id() + " must fail cleanly against its skeleton, with no hang or crash:\n"
                            + test.feedback())
                    .isEqualTo(Status.FAILED);
            assertThat(test.feedback())
                    .as(test.id() + "'s feedback must name the TODO to write")
                    .containsPattern("TODO \\d+ not implemented");
        });
    }

    /**
     * All labs in the instructor's kit (the build keeps them generated); in the student edition, the untouched ones.
     */
    private static List<String> pristineLabs() throws IOException {
        Path kit = KitPaths.root();
        List<String> labs = new ArrayList<>(Grading.labsIn(kit, List.of()));
        if (KitPaths.hasSolutions()) {
            return labs;
        }
        Path record = kit.resolve(StudentEdition.PRISTINE_LABS);
        List<String> lines = Files.exists(record) ? Files.readAllLines(record, StandardCharsets.UTF_8) : List.of();
        labs.removeIf(lab -> {
            try {
                String hash = StudentEdition.sourcesHash(kit.resolve(lab));
                return lines.stream().noneMatch(line -> Objects.equals(line, lab + " " + hash));
            } catch (IOException e) {
                return true;
            }
        });
        return labs;
    }
}
