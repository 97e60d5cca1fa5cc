package socketlab.grader.batch;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import socketlab.grader.results.Points;

/**
 * Shows a class's grading as it goes: done / total, what each running submission is doing, elapsed
 * time. On a terminal one status line is redrawn; elsewhere (CI, a log file) each finished submission
 * gets a line of its own.
 */
final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final Map<String, String> running = new TreeMap<>();
    private final ScheduledExecutorService redraw;
    private int done;

    Progress(PrintStream out, int total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
        if (terminal) {
            redraw = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            redraw.scheduleAtFixedRate(this::draw, 0, 500, TimeUnit.MILLISECONDS);
        } else {
            redraw = null;
        }
    }

    synchronized void step(String student, String what) {
        running.put(student, what);
    }

    synchronized void finished(StudentResult result) {
        running.remove(result.submission().name());
        done++;
        String line = String.format(
                "[%" + width() + "d/%d] %-24s %6s / %-4s %-14s %4d s  (%s elapsed)",
                done,
                total,
                result.submission().name(),
                fmt(result.points()),
                fmt(result.maxPoints()),
                result.status(),
                result.elapsed().toSeconds(),
                elapsed());
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(line);
        out.flush();
    }

    private synchronized void draw() {
        String now = running.isEmpty()
                ? ""
                : String.join(
                        " · ",
                        running.entrySet().stream()
                                .map(e -> e.getKey() + ": " + e.getValue())
                                .toList());
        String line = "[" + done + "/" + total + "] " + elapsed() + "  " + now;
        out.print("\r\033[K" + (line.length() > 150 ? line.substring(0, 149) + "…" : line));
        out.flush();
    }

    private int width() {
        return String.valueOf(total).length();
    }

    String elapsed() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private static String fmt(double v) {
        return Points.format(v);
    }

    @Override
    public synchronized void close() {
        if (redraw != null) {
            redraw.shutdownNow();
            out.print("\r\033[K");
            out.flush();
        }
    }
}
