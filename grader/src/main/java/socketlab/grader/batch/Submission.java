package socketlab.grader.batch;

import java.nio.file.Path;

/**
 * One student's submission: its name (the folder or zip it came from) and the folder holding its
 * {@code lab-*} folders, or null when none could be found (then {@code problem} says why).
 */
public record Submission(String name, Path labsRoot, String problem) {
}
