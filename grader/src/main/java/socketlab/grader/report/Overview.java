package socketlab.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;

/**
 * What a grading platform shows above the tests, built once from a report: the score and the backends, what the
 * sandbox protected, the notes about the submission, and each lab's notes (how the upload was read, the
 * compiler's messages), once for labs that share one. Gradescope and PrairieLearn render it, as text or Markdown.
 */
record Overview(String headline, String protections, String notes, List<LabNote> labNotes) {

    /** The longest lab note shown (a compiler can say a lot; the full text is in report.md). */
    static final int MAX_NOTE = 3000;

    /** A note shared by {@code labs}. */
    record LabNote(List<String> labs, String text) {}

    static Overview of(GradingReport report) {
        String headline = "Graded by Socket Lab Kit: " + Reports.points(report.points()) + " / "
                + Reports.points(report.maxPoints()) + ". Impairment backends: " + Reports.backends(report) + ".";
        String protections = Reports.protectionsLine(report);
        if (!protections.isEmpty() && !protections.endsWith(".")) {
            protections += ".";
        }
        Map<String, List<String>> labsByNote = new LinkedHashMap<>();
        for (LabResult lab : report.labs()) {
            if (!lab.notes().isBlank()) {
                labsByNote
                        .computeIfAbsent(lab.notes().strip(), note -> new ArrayList<>())
                        .add(lab.lab());
            }
        }
        List<LabNote> labNotes = new ArrayList<>();
        labsByNote.forEach((note, labs) -> labNotes.add(new LabNote(labs, shortened(note))));
        return new Overview(headline, protections, report.notes().strip(), labNotes);
    }

    /** Plain text: the headline, then each part as a paragraph of its own. */
    String asText() {
        StringBuilder text = new StringBuilder(headline);
        if (!protections.isEmpty()) {
            text.append('\n').append(protections);
        }
        if (!notes.isEmpty()) {
            text.append("\n\n").append(notes);
        }
        labNotes.forEach(note -> text.append("\n\n")
                .append(String.join(", ", note.labs()))
                .append(": ")
                .append(note.text()));
        return text.toString();
    }

    /** Markdown: the prose escaped, each lab's note verbatim in a code block (compiler messages keep their columns). */
    String asMarkdown() {
        StringBuilder md = new StringBuilder(Markdown.text(headline));
        if (!protections.isEmpty()) {
            md.append("  \n").append(Markdown.text(protections));
        }
        if (!notes.isEmpty()) {
            md.append("\n\n").append(Markdown.text(notes));
        }
        labNotes.forEach(note -> md.append("\n\n**")
                .append(Markdown.text(String.join(", ", note.labs())))
                .append("**\n\n")
                .append(Markdown.codeBlock(note.text())));
        return md.toString();
    }

    private static String shortened(String note) {
        return note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE - 1) + "…";
    }
}
