package socketlab.grader.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.TestOutcome;

/**
 * {@code report.html}: one self-contained page (no scripts, no external files) with score bars per
 * lab and exercise, each failing test's feedback open and the passing ones collapsed. Readable on a
 * phone: one column, wrapping feedback.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static String render(GradingReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Grading report — ")
                .append(esc(Reports.points(report.points())))
                .append(" / ")
                .append(esc(Reports.points(report.maxPoints())))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>Socket Lab Kit — grading report</h1>\n");
        html.append(bar("Total", report.points(), report.maxPoints(), "total"));
        String protections = Reports.protectionsLine(report);
        html.append("<p class=\"meta\">Graded <code>")
                .append(esc(report.submission()))
                .append("</code> in ")
                .append(report.elapsed().toSeconds())
                .append(" s<br>Impairment backends: ")
                .append(esc(Reports.backends(report)))
                .append(protections.isEmpty() ? "" : "<br>" + esc(protections))
                .append("</p>\n")
                .append(
                        report.notes().isBlank()
                                ? ""
                                : "<p class=\"notes\">" + esc(report.notes().strip()) + "</p>\n")
                .append("</header>\n<main>\n");
        for (LabResult lab : report.labs()) {
            html.append("<section class=\"lab\">\n<h2>")
                    .append(esc(lab.lab()))
                    .append(
                            lab.status() == LabStatus.OK
                                    ? ""
                                    : " <span class=\"badge\">"
                                            + esc(lab.status().label()) + "</span>")
                    .append("</h2>\n");
            html.append(bar(lab.lab(), lab.points(), lab.maxPoints(), "lab"));
            if (!lab.notes().isBlank()) {
                html.append("<pre class=\"notes\">")
                        .append(esc(lab.notes().strip()))
                        .append("</pre>\n");
            }
            for (Map.Entry<String, List<TestOutcome>> exercise :
                    byExercise(lab.tests()).entrySet()) {
                List<TestOutcome> tests = exercise.getValue();
                double points = tests.stream().mapToDouble(TestOutcome::points).sum();
                double max = tests.stream()
                        .mapToDouble(TestOutcome::countedMaxPoints)
                        .sum();
                html.append("<div class=\"exercise\">\n<h3>")
                        .append(esc(exercise.getKey()))
                        .append(' ')
                        .append(esc(tests.get(0).exerciseTitle()))
                        .append("</h3>\n")
                        .append(bar(exercise.getKey(), points, max, "exercise"));
                for (TestOutcome test : tests) {
                    html.append(test(test));
                }
                html.append("</div>\n");
            }
            html.append("</section>\n");
        }
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String test(TestOutcome test) {
        String cls = test.passed() ? "pass" : "fail";
        StringBuilder out = new StringBuilder();
        out.append("<details class=\"test ")
                .append(cls)
                .append('"')
                .append(test.passed() ? "" : " open")
                .append(">\n<summary><span class=\"mark\">")
                .append(test.passed() ? "✓" : "✗")
                .append("</span> <span class=\"name\">")
                .append(esc(test.name()))
                .append(test.hidden() ? " <span class=\"badge\">hidden</span>" : "")
                .append(test.bonus() ? " <span class=\"badge\">bonus</span>" : "")
                .append("</span> <span class=\"pts\">")
                .append(Reports.points(test.points()))
                .append(" / ")
                .append(Reports.points(test.maxPoints()))
                .append("</span></summary>\n");
        boolean drawn = test.wire() != null && test.wire().hasArrows();
        if (test.passed()) {
            out.append("<p class=\"ok\">Passed in ")
                    .append(test.millis())
                    .append(" ms")
                    .append(esc(Reports.carriedBy(test)))
                    .append(".</p>\n");
            if (drawn) {
                out.append("<details class=\"wire\"><summary>What crossed the wire</summary>\n")
                        .append(SequenceDiagram.svg(test.wire()))
                        .append("\n</details>\n");
            }
        } else {
            out.append("<p class=\"status\">")
                    .append(esc(test.status().label()))
                    .append(esc(Reports.carriedBy(test)))
                    .append("</p>\n");
            if (drawn) {
                out.append("<figure class=\"wire\">\n")
                        .append(SequenceDiagram.svg(test.wire()))
                        .append("\n<figcaption>What crossed the wire, time running down")
                        .append(
                                Captures.exists(test)
                                        ? " · <a href=\"" + esc(Captures.path(test))
                                                + "\">capture (open it in Wireshark)</a>"
                                        : "")
                        .append("</figcaption>\n</figure>\n");
            }
            out.append("<pre class=\"feedback\">")
                    .append(feedback(test.feedback()))
                    .append("</pre>\n");
        }
        return out.append("</details>\n").toString();
    }

    /** The feedback with its section titles (On the wire:, Seed:, Rerun: ...) set off. */
    private static String feedback(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            String escaped = esc(line);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "^(On the wire|Your program|Impairment|Seed|Rerun|Your program printed|Not written "
                                    + "yet):(.*)$")
                    .matcher(line);
            out.append(m.matches() ? "<b>" + esc(m.group(1)) + ":</b>" + esc(m.group(2)) : escaped)
                    .append('\n');
        }
        return out.toString();
    }

    private static Map<String, List<TestOutcome>> byExercise(List<TestOutcome> tests) {
        Map<String, List<TestOutcome>> map = new LinkedHashMap<>();
        tests.forEach(
                t -> map.computeIfAbsent(t.exercise(), k -> new ArrayList<>()).add(t));
        return map;
    }

    private static String bar(String label, double points, double max, String kind) {
        int percent = max == 0 ? 0 : (int) Math.round(100 * points / max);
        return "<div class=\"bar " + kind + "\" role=\"meter\" aria-label=\"" + esc(label)
                + " score\" aria-valuemin=\"0\" aria-valuemax=\""
                + Reports.points(max) + "\" aria-valuenow=\"" + Reports.points(points)
                + "\"><span class=\"fill\" style=\"width:" + percent
                + "%\"></span><span class=\"label\">" + Reports.points(points) + " / " + Reports.points(max) + " ("
                + percent + "%)</span></div>\n";
    }

    static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static final String CSS = """
            :root { --ok: #1a7f37; --bad: #cf222e; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 960px; padding: 16px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
            h1 { font-size: 1.4em; margin: 0 0 12px; } h2 { font-size: 1.2em; margin: 24px 0 8px; } h3 { font-size: 1.05em; margin: 16px 0 6px; }
            .meta { color: var(--muted); font-size: .9em; overflow-wrap: anywhere; }
            .bar { position: relative; height: 22px; background: #eaeef2; border-radius: 11px; overflow: hidden; margin: 4px 0 8px; }
            .bar.total { height: 30px; border-radius: 15px; }
            .bar .fill { position: absolute; inset: 0 auto 0 0; background: linear-gradient(90deg, #2da44e, #1a7f37); }
            .bar .label { position: relative; display: block; text-align: center; font-weight: 600; font-size: .85em; line-height: 22px; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
            .bar.total .label { line-height: 30px; font-size: 1em; }
            .lab { border-top: 2px solid var(--line); }
            details.test { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: #fff; }
            details.test.fail { border-left: 4px solid var(--bad); }
            details.test.pass { border-left: 4px solid var(--ok); }
            summary { cursor: pointer; padding: 8px 10px; display: flex; gap: 8px; align-items: baseline; }
            summary .name { flex: 1; } summary .pts { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
            .pass .mark { color: var(--ok); } .fail .mark { color: var(--bad); }
            .badge { font-size: .75em; background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 0 6px; color: var(--muted); }
            .status { margin: 0 10px; color: var(--bad); font-weight: 600; } .ok { margin: 0 10px 8px; color: var(--muted); }
            pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg); border-radius: 6px; padding: 10px; margin: 6px 10px 10px;
                  font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            pre.notes { margin: 6px 0; }
            p.notes { padding: 8px 12px; border-left: 4px solid #b45309; background: #fff7ed; }
            .wire { margin: 6px 10px 10px; overflow-x: auto; } .wire svg { display: block; width: 100%; max-width: 720px; min-width: 340px; height: auto; }
            figure.wire figcaption, details.wire summary { color: var(--muted); font-size: .85em; padding: 2px 0; }
            details.wire summary { display: list-item; padding: 0 0 4px; }
            @media (max-width: 480px) { body { padding: 10px; font-size: 14px; } pre { font-size: 12px; } }
            """;
}
