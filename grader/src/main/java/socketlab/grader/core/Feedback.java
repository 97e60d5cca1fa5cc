package socketlab.grader.core;

import java.time.Duration;
import java.util.List;
import socketlab.grader.sandbox.ProgramEndedException;

/** Writes a failed graded test up for a student: what went wrong, on the wire, and how to rerun it. */
final class Feedback {

    private final Exercise exercise;
    private final Trace trace;
    private final String printed;

    Feedback(Exercise exercise, Trace trace, String printed) {
        this.exercise = exercise;
        this.trace = trace;
        this.printed = printed;
    }

    String timedOut(Duration limit, StackTraceElement[] where) {
        String at = GradingExtension.programFrames(where);
        return compose("The test did not finish within " + limit.toSeconds() + " s (its hard limit)."
                + (at.isEmpty()
                        ? ""
                        : "\nYour program was still busy in " + at + " — is it waiting forever (a receive or read"
                                + " with no timeout, a loop that never ends)?"));
    }

    String failed(Throwable t) {
        return compose(describe(t));
    }

    private static String describe(Throwable t) {
        if (t instanceof AssertionError) {
            return PlainWords.of(String.valueOf(t.getMessage()));
        }
        if (t instanceof ProgramEndedException) {
            String message = String.valueOf(t.getMessage());
            return Character.toUpperCase(message.charAt(0)) + message.substring(1);
        }
        if (t instanceof NoSuchMethodError
                || t instanceof NoSuchFieldError
                || t instanceof NoClassDefFoundError
                || t instanceof AbstractMethodError
                || t instanceof IncompatibleClassChangeError) {
            return "Your lab's classes do not have the public API the skeleton gave them ("
                    + t.getClass().getSimpleName() + ": "
                    + t.getMessage() + ").\n"
                    + "Keep every class, constructor and method of the skeleton as it is, and fill in the TODOs.";
        }
        String at = GradingExtension.programFrames(t.getStackTrace());
        if (at.isEmpty() && !String.valueOf(t.getMessage()).contains("not implemented")) {
            java.net.SocketException refused = talkingToTheProgram(t);
            if (refused != null) {
                // The grader's own socket to the program failed: the program stopped answering there.
                return "The grader could not reach your program: "
                        + refused.getClass().getSimpleName() + ": "
                        + refused.getMessage() + ". Was it still serving? A server keeps accepting (or receiving) until"
                        + " close() is called: one failed or finished client must not end serve().";
            }
            // Nothing of the student's on the stack: the test itself could not run (e.g. no impairment backend).
            return "The grader could not run this test: " + t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return "Your program threw " + t.getClass().getSimpleName() + ": " + t.getMessage()
                + (at.isEmpty() ? "" : "\n  at " + at);
    }

    /**
     * The socket error of the grader's own connection to the program under test (a refused connection, a reset), or
     * null: an error of an impairment backend's API is the grader's, not the program's.
     */
    private static java.net.SocketException talkingToTheProgram(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            boolean backend = java.util.Arrays.stream(cause.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().startsWith("eu.rekawek.toxiproxy")
                            || frame.getClassName().startsWith("socketlab.grader.toxiproxy"));
            if (backend) {
                return null;
            }
            if (cause instanceof java.net.SocketException socketError) {
                return socketError;
            }
        }
        return null;
    }

    private String compose(String whatWentWrong) {
        StringBuilder out = new StringBuilder();
        String todo = unfinishedTodo(whatWentWrong);
        if (todo != null) {
            out.append("Not written yet: ").append(todo).append('\n');
        }
        out.append(whatWentWrong).append('\n');
        section(out, "On the wire", trace.wireLines());
        section(out, "Your program", trace.programLines());
        List<String> impairments = trace.impairmentLines();
        out.append("Impairment: ")
                .append(impairments.isEmpty() ? "none (direct loopback)" : String.join("; ", impairments))
                .append('\n');
        if (!printed.isBlank()) {
            out.append("Your program printed:\n");
            printed.strip()
                    .lines()
                    .limit(15)
                    .forEach(line -> out.append("  | ").append(line).append('\n'));
        }
        String lab = exercise == null ? "" : exercise.lab();
        out.append("Seed: ").append(trace.seed()).append('\n');
        out.append("Rerun: ").append(GradingContext.rerunCommand(lab, trace.testId(), trace.seed()));
        return out.toString();
    }

    /** "TODO 3 not implemented (X.java:40)" if the test or the program under test stopped at an unfilled gap. */
    private String unfinishedTodo(String whatWentWrong) {
        java.util.regex.Pattern todo = java.util.regex.Pattern.compile("TODO \\d+ not implemented( \\([^)]*\\))?");
        for (String line : concat(List.of(whatWentWrong), trace.programLines())) {
            java.util.regex.Matcher m = todo.matcher(line);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void section(StringBuilder out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.append(title).append(":\n");
            lines.forEach(line -> out.append("  ").append(line).append('\n'));
        }
    }
}
