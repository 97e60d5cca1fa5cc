package socketlab.grader.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to grade and how.
 *
 * @param kitRoot      the kit (its {@code lab-*} skeletons describe each lab's tests even when a submission does not
 * compile)
 * @param submission   a folder holding {@code lab-*} folders: the kit itself, {@code solutions}, or a student's copy
 * @param labs         which labs; empty means every lab the submission has
 * @param tests        {@code --test} selections (exercise, test id or method); empty means all
 * @param seed         a seed for every test instead of each test's own, or null
 * @param labCap       the most time one lab's grading may take, whatever the code under test does
 * @param submissionCap the most time the whole submission's grading may take (its labs share it)
 * @param rerunCommand how a student starts this grading again, without the closing quote: feedback appends
 *                     {@code --test ID --seed N"} to it
 * @param isolation    where the student's classes run (always their own JVM, except to measure what that costs)
 */
public record GradingOptions(
        Path kitRoot,
        Path submission,
        List<String> labs,
        List<String> tests,
        Long seed,
        Duration labCap,
        Duration submissionCap,
        String rerunCommand,
        Map<String, String> workerProperties,
        Isolation isolation) {

    public GradingOptions(
            Path kitRoot,
            Path submission,
            List<String> labs,
            List<String> tests,
            Long seed,
            Duration labCap,
            Duration submissionCap,
            String rerunCommand,
            Map<String, String> workerProperties) {
        this(
                kitRoot,
                submission,
                labs,
                tests,
                seed,
                labCap,
                submissionCap,
                rerunCommand,
                workerProperties,
                Isolation.SEPARATE_JVM);
    }

    /** The same options with the student's classes run {@code where} (a benchmark compares the two). */
    public GradingOptions with(Isolation where) {
        return new GradingOptions(
                kitRoot, submission, labs, tests, seed, labCap, submissionCap, rerunCommand, workerProperties, where);
    }

    /** The same options for another submission (and how to rerun it). */
    public GradingOptions forSubmission(Path folder, String rerun) {
        return new GradingOptions(
                kitRoot, folder, labs, tests, seed, labCap, submissionCap, rerun, workerProperties, isolation);
    }

    /** The same options with more system properties for the grading JVMs (these win over the ones given). */
    GradingOptions withWorkerProperties(Map<String, String> more) {
        Map<String, String> all = new java.util.TreeMap<>(workerProperties);
        all.putAll(more);
        return new GradingOptions(
                kitRoot, submission, labs, tests, seed, labCap, submissionCap, rerunCommand, all, isolation);
    }

    /** The same options with a lab cap cut down to {@code cap}. */
    GradingOptions withLabCap(Duration cap) {
        return new GradingOptions(
                kitRoot, submission, labs, tests, seed, cap, submissionCap, rerunCommand, workerProperties, isolation);
    }

    /** The rerun command for one lab. */
    String rerunPrefix(String lab) {
        return rerunCommand.replace("{lab}", lab);
    }
}
