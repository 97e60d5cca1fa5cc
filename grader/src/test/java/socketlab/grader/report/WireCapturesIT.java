package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.Mutants;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.wire.WireEvent;

/**
 * One failing test each of U4 (a sender whose timer is ten times too short, under a lost ACK) and T2 (a server that
 * takes one read for one message, under the slicer): their reports draw the exchange, their captures open in tshark
 * with one packet per datagram or segment the trace holds, and screenshots of report.html at desktop and phone widths
 * are kept in {@code target/wire-screenshots/} to look at. Chromium and tshark parts are skipped where they are
 * missing.
 */
@ExtendedCheck
class WireCapturesIT {

    private static final Path OUT = Path.of("target", "wire-screenshots").toAbsolutePath();

    @Test
    void aLostAckWithRetransmissionsIsDrawnAndCaptured() throws Exception {
        Path work = Files.createDirectories(OUT.resolve("u4"));
        PatchedSubmission mutant = PatchedSubmission.copyOf("lab-udp", fresh(work.resolve("submission")))
                .replace("lab-udp", "RdtSender.java", "timeoutMillis * 1_000_000L", "timeoutMillis * 100_000L");
        GradingReport report =
                Mutants.grade(mutant.root(), "lab-udp", List.of("U4.senderResendsWhenTheAckIsLost"), null);
        TestOutcome test = Mutants.outcome(report, "U4.senderResendsWhenTheAckIsLost");
        assertThat(test.passed()).as(test.feedback()).isFalse();
        assertThat(test.wire()).isNotNull();
        assertThat(test.wire().events())
                .as("the dropped ACK 2 is on the timeline")
                .anyMatch(e -> e.lost() && e.label().equals("ACK 2"))
                .anyMatch(WireEvent::retransmission);
        Path reports = work.resolve("reports");
        Reports.write(report, reports);
        String html = Files.readString(reports.resolve(Reports.REPORT_HTML));
        assertThat(html)
                .contains("<svg")
                .contains("DATA seq=2")
                .contains("↻")
                .contains("captures/U4.senderResendsWhenTheAckIsLost.pcap");
        assertThat(Files.readString(reports.resolve(Reports.REPORT_MD)))
                .contains("(captures/U4.senderResendsWhenTheAckIsLost.pcap)");
        checkCapture(reports.resolve("captures/U4.senderResendsWhenTheAckIsLost.pcap"), test, "udp");
        screenshots(reports.resolve(Reports.REPORT_HTML), "u4");
    }

    @Test
    void aSlicedRequestIsDrawnAndCaptured() throws Exception {
        Path work = Files.createDirectories(OUT.resolve("t2"));
        PatchedSubmission mutant = PatchedSubmission.copyOf("lab-tcp", fresh(work.resolve("submission")))
                .replace(
                        "lab-tcp",
                        "LineReader.java",
                        "            line.write(b);\n        }",
                        "            line.write(b);\n            if (in.available() == 0) {\n                "
                                + "break;\n            }\n        }");
        GradingReport report = Mutants.grade(mutant.root(), "lab-tcp", List.of("T2.serverUnderSlicer"), null);
        TestOutcome test = Mutants.outcome(report, "T2.serverUnderSlicer");
        assertThat(test.passed()).as(test.feedback()).isFalse();
        Path reports = work.resolve("reports");
        Reports.write(report, reports);
        assertThat(Files.readString(reports.resolve(Reports.REPORT_HTML)))
                .contains("<svg")
                .contains("Toxiproxy");
        checkCapture(reports.resolve("captures/T2.serverUnderSlicer.pcap"), test, "tcp");
        screenshots(reports.resolve(Reports.REPORT_HTML), "t2");
    }

    /**
     * tshark reads the capture: one packet per datagram (UDP) or per segment, handshake and FIN (TCP), payloads as
     * traced.
     */
    private static void checkCapture(Path pcap, TestOutcome test, String protocol) throws Exception {
        assertThat(pcap).exists();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "no tshark on this machine");
        List<WireEvent> arrows = test.wire().events().stream()
                .filter(e -> e.kind().isArrow() && e.source() != null)
                .toList();
        List<String> fields = tshark(
                pcap, "-Y", protocol, "-T", "fields", "-e", protocol.equals("udp") ? "udp.payload" : "tcp.payload");
        long expected = protocol.equals("udp")
                ? arrows.size()
                : arrows.stream()
                        .mapToLong(e -> switch (e.kind()) {
                            case CONNECT -> 3;
                            case FIN -> 2;
                            default -> 1;
                        })
                        .sum();
        System.out.println("tshark: " + fields.size() + " " + protocol.toUpperCase() + " packets in " + pcap);
        assertThat(fields).as("packets tshark read from " + pcap).hasSize((int) expected);
        List<String> payloads =
                fields.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> traced = arrows.stream()
                .filter(e -> e.size() > 0)
                .map(e -> java.util.HexFormat.of().formatHex(e.payloadBytes()))
                .toList();
        assertThat(payloads).as("the payloads, in order, as the trace has them").isEqualTo(traced);
        List<String> bad = tshark(
                pcap,
                "-Y",
                "ip.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\"",
                "-o",
                "udp.check_checksum:TRUE",
                "-o",
                "ip.check_checksum:TRUE");
        assertThat(bad).as("packets with a bad checksum").isEmpty();
    }

    private static List<String> tshark(Path pcap, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/tshark", "-r", pcap.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("tshark " + command).isZero();
        return out.lines().toList();
    }

    private static void screenshots(Path html, String name) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            return;
        }
        for (int width : new int[] {1280, 390}) {
            Path png = OUT.resolve(name + "-" + width + "px.png");
            Files.deleteIfExists(png);
            Path profile = Files.createDirectories(OUT.resolve("chromium-profile-" + name + width));
            Process process = new ProcessBuilder(
                            chromium.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--hide-scrollbars",
                            "--user-data-dir=" + profile,
                            "--window-size=" + width + ",2400",
                            "--screenshot=" + png,
                            html.toUri().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            OUT.resolve("chromium-" + name + width + ".log").toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            assertThat(png).exists();
            System.out.println("Screenshot: " + png);
        }
    }

    private static Path fresh(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return folder;
    }
}
