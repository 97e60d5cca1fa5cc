package socketlab.grader.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import socketlab.grader.pcap.Pcap;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;
import socketlab.grader.wire.Timeline;
import socketlab.grader.wire.WireEvent;

/**
 * {@code captures/<test-id>.pcap}: what crossed the UDP relay or the TCP proxy in each failing test, for Wireshark.
 * UDP: each datagram as the relay read it (lost ones included), between the client's and the server's own addresses
 * (the relay's ports left out, so that "Follow UDP stream" shows the whole conversation), and each copy the relay
 * added when it sent it. TCP: the grader's connection to the proxy, as its timeline recorded it, with a handshake,
 * sequence and acknowledgement numbers and FINs synthesized around the bytes, so "Follow TCP stream" works.
 */
public final class Captures {

    public static final String FOLDER = "captures";

    private Captures() {}

    /** Whether the reports link a capture for this test. */
    static boolean exists(TestOutcome test) {
        return !test.passed() && test.wire() != null && test.wire().capturable();
    }

    /** Its path relative to the reports, e.g. {@code captures/U4.lostAck.pcap}. */
    static String path(TestOutcome test) {
        return FOLDER + "/" + test.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap";
    }

    static void write(GradingReport report, Path folder) throws IOException {
        for (TestOutcome test : report.tests()) {
            if (exists(test)) {
                Path file = folder.resolve(path(test));
                Files.createDirectories(file.getParent());
                write(test.wire(), file);
            }
        }
    }

    /** Writes {@code timeline}'s packets into {@code file}. */
    public static void write(Timeline timeline, Path file) throws IOException {
        try (Pcap pcap = new Pcap(new BufferedOutputStream(Files.newOutputStream(file)))) {
            Map<String, long[]> tcp = new HashMap<>(); // "src dst" -> the next sequence number src sends
            for (WireEvent e : timeline.events()) {
                if (!e.kind().isArrow() || e.source() == null || e.destination() == null) {
                    continue;
                }
                Endpoint src = Endpoint.parse(e.source());
                Endpoint dst = Endpoint.parse(e.destination());
                boolean copy = e.network() != null && e.network().contains("copy");
                long at =
                        timeline.startEpochMicros() + (copy && e.arriveMicros() >= 0 ? e.arriveMicros() : e.atMicros());
                byte[] payload = e.payloadBytes();
                if ("UDP".equals(timeline.transport())) {
                    if (e.kind() == WireEvent.Kind.DATAGRAM) {
                        pcap.udp(
                                at,
                                src.address,
                                src.port,
                                dst.address,
                                dst.port,
                                payload,
                                Math.max(payload.length, e.size()));
                    }
                    continue;
                }
                long[] out = tcp.computeIfAbsent(e.source() + " " + e.destination(), k -> new long[] {1000});
                long[] in = tcp.computeIfAbsent(e.destination() + " " + e.source(), k -> new long[] {5000});
                switch (e.kind()) {
                    case CONNECT -> {
                        pcap.tcp(at, src.address, src.port, dst.address, dst.port, out[0], 0, Pcap.SYN, new byte[0], 0);
                        pcap.tcp(
                                at,
                                dst.address,
                                dst.port,
                                src.address,
                                src.port,
                                in[0],
                                out[0] + 1,
                                Pcap.SYN | Pcap.ACK,
                                new byte[0],
                                0);
                        out[0]++;
                        in[0]++;
                        pcap.tcp(
                                at,
                                src.address,
                                src.port,
                                dst.address,
                                dst.port,
                                out[0],
                                in[0],
                                Pcap.ACK,
                                new byte[0],
                                0);
                    }
                    case SEGMENT -> {
                        int full = Math.max(payload.length, e.size());
                        pcap.tcp(
                                at,
                                src.address,
                                src.port,
                                dst.address,
                                dst.port,
                                out[0],
                                in[0],
                                Pcap.PSH | Pcap.ACK,
                                payload,
                                full);
                        out[0] += full;
                    }
                    case FIN -> {
                        pcap.tcp(
                                at,
                                src.address,
                                src.port,
                                dst.address,
                                dst.port,
                                out[0],
                                in[0],
                                Pcap.FIN | Pcap.ACK,
                                new byte[0],
                                0);
                        out[0]++;
                        pcap.tcp(
                                at,
                                dst.address,
                                dst.port,
                                src.address,
                                src.port,
                                in[0],
                                out[0],
                                Pcap.ACK,
                                new byte[0],
                                0);
                    }
                    case RESET ->
                        pcap.tcp(
                                at,
                                src.address,
                                src.port,
                                dst.address,
                                dst.port,
                                out[0],
                                in[0],
                                Pcap.RST | Pcap.ACK,
                                new byte[0],
                                0);
                    default -> {}
                }
            }
        }
    }

    /** {@code 127.0.0.1:5000} or {@code 0:0:0:0:0:0:0:1:5000}. */
    private record Endpoint(InetAddress address, int port) {
        static Endpoint parse(String text) throws UnknownHostException {
            int colon = text.lastIndexOf(':');
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            return new Endpoint(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
