package socketlab.grader.suites.udp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pinger client printed, read back: one line per ping ("PING 3: RTT = 101.234 ms" or
 * "PING 4: Request timed out"), the loss ("30.0% loss") and "RTT min/avg/max = a/b/c ms".
 */
final class PingReport {

    /** What one ping line says: the RTT in ms, or null for "Request timed out". */
    record Line(int seq, Double rttMillis, String text) {}

    private static final Pattern PING_LINE = Pattern.compile(
            "(?i)^\\s*PING\\s+(\\d+)\\s*:?\\s*(?:RTT\\s*=?\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms|(Request timed out)).*$");
    private static final Pattern LOSS = Pattern.compile("(?i)([0-9]+(?:\\.[0-9]+)?)\\s*%\\s*(?:packet\\s+)?loss");
    private static final Pattern MIN_AVG_MAX = Pattern.compile(
            "(?i)min/avg/max\\s*=?\\s*([0-9]+(?:\\.[0-9]+)?)/([0-9]+(?:\\.[0-9]+)?)/([0-9]+(?:\\.[0-9]+)?)\\s*ms");

    final List<Line> lines = new ArrayList<>();
    Double lossPercent;
    double[] minAvgMax;

    static PingReport parse(String stdout) {
        PingReport report = new PingReport();
        for (String line : stdout.lines().toList()) {
            Matcher ping = PING_LINE.matcher(line);
            if (ping.matches()) {
                Double rtt = ping.group(2) == null ? null : Double.valueOf(ping.group(2));
                report.lines.add(new Line(Integer.parseInt(ping.group(1)), rtt, line.strip()));
                continue;
            }
            Matcher loss = LOSS.matcher(line);
            if (loss.find()) {
                report.lossPercent = Double.valueOf(loss.group(1));
            }
            Matcher stats = MIN_AVG_MAX.matcher(line);
            if (stats.find()) {
                report.minAvgMax = new double[] {
                    Double.parseDouble(stats.group(1)),
                    Double.parseDouble(stats.group(2)),
                    Double.parseDouble(stats.group(3))
                };
            }
        }
        return report;
    }

    /** The ping lines by sequence number (the first line for each). */
    Map<Integer, Line> bySeq() {
        Map<Integer, Line> map = new LinkedHashMap<>();
        lines.forEach(line -> map.putIfAbsent(line.seq(), line));
        return map;
    }
}
