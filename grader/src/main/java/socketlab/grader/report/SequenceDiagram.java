package socketlab.grader.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.Timeline;
import socketlab.grader.wire.WireEvent;

/**
 * A test's timeline drawn as the textbook draws an exchange: a vertical line for the client, the network between
 * (the UDP relay or the proxy) and the server; a slanted arrow per datagram or segment, steeper the longer it took;
 * a cross where one was lost; retransmissions (and the timer that ran out before them) in orange; long runs of
 * uneventful datagrams folded. Inline SVG, no script: time runs down the page on a compressed scale (a gap of
 * seconds takes no more room than a few rows), printed at the left.
 */
final class SequenceDiagram {

    static final int WIDTH = 480;
    private static final int TOP = 46;
    private static final int ROW = 20;
    /** Runs of at least this many uneventful arrows keep their first and last {@value #KEEP} and fold the rest. */
    private static final int FOLD_RUN = 12;

    private static final int KEEP = 4;

    private SequenceDiagram() {}

    /** One row of the picture: an event, or a fold ("… 400 datagrams like these …"). */
    private record Item(WireEvent event, String fold, long atMicros) {}

    static String svg(Timeline timeline) {
        List<Item> items = items(timeline);
        boolean network = timeline.network() != null;
        int[] x = network ? new int[] {72, WIDTH / 2, WIDTH - 60} : new int[] {90, WIDTH / 2, WIDTH - 80};
        StringBuilder body = new StringBuilder();
        double y = TOP;
        double lastRow = TOP - ROW;
        long prevAt = items.isEmpty() ? 0 : items.get(0).atMicros();
        List<double[]> sent = new ArrayList<>(); // y of each item, for the retransmission brackets
        for (Item item : items) {
            double gap = gap(item.atMicros() - prevAt);
            y = Math.max(y + gap, lastRow + ROW);
            prevAt = item.atMicros();
            lastRow = y;
            sent.add(new double[] {y});
            if (item.fold() != null) {
                body.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"16\" rx=\"8\" class=\"sd-fold\"/>"
                                + "<text x=\"%d\" y=\"%.1f\" class=\"sd-foldt\">%s</text>\n",
                        x[0] - 40,
                        y - 4,
                        x[2] - x[0] + 80,
                        WIDTH / 2,
                        y + 8,
                        HtmlReport.esc(item.fold())));
                y += 4;
                continue;
            }
            y = draw(body, item.event(), x, y, timeline, items, sent);
        }
        int height = (int) y + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" class=\"sd\" role=\"img\" aria-label=\"sequence diagram of what crossed the "
                        + "wire\">\n<style>")
                .append(STYLE)
                .append("</style>\n");
        lane(svg, x[0], height, timeline.clientName());
        if (network) {
            lane(svg, x[1], height, timeline.network());
        }
        lane(svg, x[2], height, timeline.serverName());
        svg.append("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\""
                + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                + "fill=\"context-stroke\"/></marker></defs>\n");
        return svg.append(body).append("</svg>").toString();
    }

    /**
     * The vertical space a pause of {@code micros} takes: grows with its logarithm, so seconds do not swamp
     * milliseconds.
     */
    private static double gap(long micros) {
        double ms = Math.max(0, micros) / 1000.0;
        return Math.min(56, 22 * Math.log10(1 + ms));
    }

    private static double draw(
            StringBuilder out,
            WireEvent e,
            int[] x,
            double y,
            Timeline timeline,
            List<Item> items,
            List<double[]> rows) {
        int mid = x[1];
        out.append(String.format(
                Locale.ROOT, "<text x=\"4\" y=\"%.1f\" class=\"sd-t\">%s</text>", y + 4, time(e.atMicros())));
        switch (e.kind()) {
            case PRINTED -> {
                int lx = x[lane(e.from())];
                boolean right = e.from() == Lane.CLIENT;
                out.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%.1f\" class=\"sd-pr\" text-anchor=\"%s\">prints %s</text>\n",
                        right ? lx + 6 : lx - 6,
                        y + 4,
                        right ? "start" : "end",
                        HtmlReport.esc(cut(e.label(), 40))));
                return y;
            }
            case TIMEOUT -> {
                int lx = x[lane(e.from())];
                boolean right = e.from() == Lane.CLIENT;
                out.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%d\" cy=\"%.1f\" r=\"5\" class=\"sd-timer\"/>"
                                + "<text x=\"%d\" y=\"%.1f\" class=\"sd-tl\" text-anchor=\"%s\">⏱ %s</text>\n",
                        lx,
                        y,
                        right ? lx + 9 : lx - 9,
                        y + 4,
                        right ? "start" : "end",
                        HtmlReport.esc(e.label())));
                return y;
            }
            case FAILED -> {
                out.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"sd-fail\"/>"
                                + "<text x=\"%d\" y=\"%.1f\" class=\"sd-failt\">✗ %s</text>\n",
                        x[0] - 30,
                        y,
                        x[2] + 30,
                        y,
                        WIDTH / 2,
                        y - 4,
                        HtmlReport.esc(e.label())));
                return y + 6;
            }
            case NOTE -> {
                return y;
            }
            default -> {}
        }
        int x1 = x[lane(e.from())];
        int x2 = x[lane(e.to())];
        String cls = e.retransmission()
                ? "sd-re"
                : e.network() != null && e.network().contains("copy")
                        ? "sd-dup"
                        : e.to().ordinal() > e.from().ordinal() ? "sd-up" : "sd-down"; // toward the server, or back
        String label = (e.retransmission() ? "↻ " : "") + e.label();
        double labelX = x1 + (x2 - x1) * 0.3;
        if (e.lost()) {
            int crossX = timeline.network() != null ? mid : (x1 + x2) / 2;
            double y2 = y + 8;
            out.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"%s sd-lost\"/>"
                            + "<path d=\"M%d,%.1f l12,12 m0,-12 l-12,12\" class=\"sd-x\"/>",
                    x1,
                    y,
                    crossX,
                    y2,
                    cls,
                    crossX - 6,
                    y2 - 6));
        } else {
            double y2 = y + Math.max(2, gap(e.arriveMicros() - e.atMicros()));
            out.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"%s\" marker-end=\"url(#ah)\"/>",
                    x1,
                    y,
                    x2,
                    y2,
                    cls));
            y = Math.max(y, y2 - ROW / 2.0);
        }
        out.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" class=\"sd-l %s\" text-anchor=\"middle\">%s</text>",
                labelX,
                y - 3,
                cls,
                HtmlReport.esc(cut(label, 30))));
        if (e.network() != null && timeline.network() != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" class=\"sd-n\">%s</text>",
                    mid + 5,
                    y + 10,
                    HtmlReport.esc(cut(e.network(), 34))));
        }
        if (e.retransmission() && e.from() == Lane.CLIENT) {
            bracket(out, e, x1, y, items, rows);
        }
        out.append('\n');
        return y;
    }

    /** The sender's timer: a dashed bracket on its lane from the earlier copy of the packet to this retransmission. */
    private static void bracket(
            StringBuilder out, WireEvent e, int laneX, double y, List<Item> items, List<double[]> rows) {
        for (int i = rows.size() - 2; i >= 0; i--) {
            WireEvent before = items.get(i).event();
            if (before != null
                    && before.kind() == e.kind()
                    && before.from() == e.from()
                    && before.label().equals(e.label())) {
                double from = rows.get(i)[0];
                int bx = e.from() == Lane.CLIENT ? laneX - 10 : laneX + 10;
                out.append(String.format(
                        Locale.ROOT,
                        "<path d=\"M%d,%.1f h%d V%.1f h%d\" class=\"sd-tb\"/>"
                                + "<text x=\"%d\" y=\"%.1f\" class=\"sd-tbt\" text-anchor=\"%s\">timeout</text>",
                        laneX,
                        from,
                        bx - laneX,
                        y,
                        laneX - bx,
                        e.from() == Lane.CLIENT ? bx - 3 : bx + 3,
                        (from + y) / 2 + 4,
                        e.from() == Lane.CLIENT ? "end" : "start"));
                return;
            }
        }
    }

    /** The timeline's events as rows: notes left out, the omitted middle and long uneventful runs folded. */
    private static List<Item> items(Timeline timeline) {
        List<Item> rows = new ArrayList<>();
        List<WireEvent> events = timeline.events();
        List<WireEvent> run = new ArrayList<>();
        for (int i = 0; i <= events.size(); i++) {
            if (i == timeline.omittedAt() && timeline.omitted() > 0) {
                flush(rows, run);
                long at = i < events.size()
                        ? events.get(i).atMicros()
                        : rows.isEmpty() ? 0 : rows.get(rows.size() - 1).atMicros();
                rows.add(new Item(null, "… " + timeline.omitted() + " more events, not kept …", at));
            }
            if (i == events.size()) {
                break;
            }
            WireEvent e = events.get(i);
            if (e.kind() == WireEvent.Kind.NOTE) {
                continue;
            }
            if (e.plain()) {
                run.add(e);
            } else {
                flush(rows, run);
                rows.add(new Item(e, null, e.atMicros()));
            }
        }
        flush(rows, run);
        return rows;
    }

    private static void flush(List<Item> rows, List<WireEvent> run) {
        if (run.size() >= FOLD_RUN) {
            run.subList(0, KEEP).forEach(e -> rows.add(new Item(e, null, e.atMicros())));
            String what = run.get(0).kind() == WireEvent.Kind.DATAGRAM ? "datagrams" : "segments";
            rows.add(new Item(
                    null,
                    "… " + (run.size() - 2 * KEEP) + " " + what + " like these, delivered as sent …",
                    run.get(KEEP).atMicros()));
            run.subList(run.size() - KEEP, run.size()).forEach(e -> rows.add(new Item(e, null, e.atMicros())));
        } else {
            run.forEach(e -> rows.add(new Item(e, null, e.atMicros())));
        }
        run.clear();
    }

    private static void lane(StringBuilder svg, int x, int height, String name) {
        int half = (int) (name.length() * 3.4); // about half the title's width at 12 px: kept inside the picture
        int titleX = Math.max(half + 2, Math.min(x, WIDTH - half - 2));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" class=\"sd-h\" text-anchor=\"middle\">%s</text>"
                        + "<line x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\" class=\"sd-lane\"/>\n",
                titleX,
                HtmlReport.esc(name),
                x,
                x,
                height - 10));
    }

    private static int lane(Lane lane) {
        return lane.ordinal();
    }

    private static String time(long micros) {
        return micros < 10_000_000
                ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0)
                : String.format(Locale.ROOT, "%.1f s", micros / 1e6);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static final String STYLE = """
            svg.sd { font: 11px system-ui, sans-serif; fill: #1f2328; }
            .sd-h { font-weight: 600; font-size: 12px; } .sd-t { fill: #8c959f; font-size: 9px; }
            .sd-lane { stroke: #8c959f; stroke-width: 1.5; }
            line.sd-up { stroke: #0969da; } line.sd-down { stroke: #1a7f37; } line.sd-re { stroke: #bc4c00; } line.sd-dup { stroke: #8250df; }
            line.sd-up, line.sd-down, line.sd-re, line.sd-dup { stroke-width: 1.6; }
            line.sd-lost { stroke-dasharray: 4 3; }
            .sd-l { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .sd-l.sd-up { fill: #0550ae; } .sd-l.sd-down { fill: #116329; } .sd-l.sd-re { fill: #953800; font-weight: 600; } .sd-l.sd-dup { fill: #6639ba; }
            .sd-x { stroke: #cf222e; stroke-width: 2.5; fill: none; }
            .sd-n { fill: #6e7781; font-size: 10px; font-style: italic; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .sd-pr { fill: #57606a; font-size: 10px; font-family: ui-monospace, monospace; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .sd-timer { fill: #fff8c5; stroke: #9a6700; } .sd-tl { fill: #7d4e00; font-size: 10px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .sd-tb { stroke: #bc4c00; stroke-dasharray: 3 2; fill: none; } .sd-tbt { fill: #bc4c00; font-size: 9px; }
            .sd-fail { stroke: #cf222e; stroke-dasharray: 6 3; stroke-width: 1.5; } .sd-failt { fill: #cf222e; font-weight: 600; text-anchor: middle; }
            .sd-fold { fill: #f6f8fa; stroke: #d1d9e0; stroke-dasharray: 3 2; } .sd-foldt { fill: #59636e; font-style: italic; text-anchor: middle; }
            """;
}
