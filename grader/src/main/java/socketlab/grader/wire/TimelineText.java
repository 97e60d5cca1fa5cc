package socketlab.grader.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A timeline's compact text form, for the feedback (console and report.md): its lines in order, runs of lines alike
 * but for their numbers folded ("… 400 lines like these …"), and, when still long, the first and the last lines
 * (the last are where a test fails).
 */
public final class TimelineText {

    static final int FIRST = 20;
    static final int LAST = 35;
    static final int RUN_KEPT = 2;
    static final int RUN_FOLDED = 6;

    private TimelineText() {}

    public static List<String> lines(Timeline timeline) {
        List<String> lines = new ArrayList<>();
        List<WireEvent> events = timeline.events();
        for (int i = 0; i <= events.size(); i++) {
            if (i == timeline.omittedAt() && timeline.omitted() > 0) {
                lines.add("… " + timeline.omitted() + " more events, not kept …");
            }
            if (i < events.size() && events.get(i).text() != null) {
                lines.add(events.get(i).text());
            }
        }
        return headAndTail(foldRuns(lines));
    }

    /** Runs of {@value #RUN_FOLDED} or more lines alike (the same but for numbers) keep their first and last lines. */
    static List<String> foldRuns(List<String> lines) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int j = i + 1;
            String shape = shape(lines.get(i));
            while (j < lines.size() && shape(lines.get(j)).equals(shape)) {
                j++;
            }
            int run = j - i;
            if (run >= RUN_FOLDED) {
                out.addAll(lines.subList(i, i + RUN_KEPT));
                out.add("… " + (run - 2 * RUN_KEPT) + " lines like these …");
                out.addAll(lines.subList(j - RUN_KEPT, j));
            } else {
                out.addAll(lines.subList(i, j));
            }
            i = j;
        }
        return out;
    }

    private static List<String> headAndTail(List<String> lines) {
        if (lines.size() <= FIRST + LAST + 1) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.subList(0, FIRST));
        out.add("… " + (lines.size() - FIRST - LAST) + " more lines …");
        out.addAll(lines.subList(lines.size() - LAST, lines.size()));
        return out;
    }

    /** A line with its numbers and quoted text blanked: lines of one shape tell the same story. */
    static String shape(String line) {
        return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"…\"").replaceAll("\\d+", "#");
    }
}
