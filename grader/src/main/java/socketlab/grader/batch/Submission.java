package socketlab.grader.batch;

import java.nio.file.Path;
import java.util.Map;

/**
 * One student's submission: its name, the folder or zip it came from ({@code source}, what a rerun command
 * names), and the folder holding its {@code lab-*} folders, or null when none could be found (then
 * {@code problem} says why); {@code labNotes} say, per lab, how the submission was read when that needs
 * saying (loose files placed by package).
 */
public record Submission(String name, Path source, Path labsRoot, String problem, Map<String, String> labNotes) {

    public Submission(String name, Path source, Path labsRoot, String problem) {
        this(name, source, labsRoot, problem, Map.of());
    }
}
