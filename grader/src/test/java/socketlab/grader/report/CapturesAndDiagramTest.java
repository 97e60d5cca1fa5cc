package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.Timeline;
import socketlab.grader.wire.WireEvent;

/** Captures and diagrams of small made-up timelines: what tshark reads back, what the SVG marks. No grading. */
class CapturesAndDiagramTest {

    @TempDir
    Path work;

    private static WireEvent udp(long at, long arrive, Lane from, Lane to, String label, String text) {
        boolean up = from == Lane.CLIENT;
        return WireEvent.arrow(
                        WireEvent.Kind.DATAGRAM, at, arrive, from, to, label, text.getBytes(StandardCharsets.UTF_8))
                .between(up ? "127.0.0.1:40000" : "127.0.0.1:12000", up ? "127.0.0.1:12000" : "127.0.0.1:40000");
    }

    static Timeline lostAck() {
        List<WireEvent> events = new ArrayList<>();
        events.add(udp(0, 50_000, Lane.CLIENT, Lane.SERVER, "DATA seq=0 (4 B)", "D0ab"));
        events.add(udp(51_000, -1, Lane.SERVER, Lane.CLIENT, "ACK 0", "A0").withNetwork("dropped (the test's script)"));
        events.add(udp(400_000, 450_000, Lane.CLIENT, Lane.SERVER, "DATA seq=0 (4 B)", "D0ab")
                .asRetransmission());
        events.add(
                udp(451_000, 500_000, Lane.SERVER, Lane.CLIENT, "ACK 0", "A0").asRetransmission());
        for (int i = 1; i <= 30; i++) {
            events.add(udp(
                    500_000 + i * 1000,
                    500_000 + i * 1000 + 200,
                    Lane.CLIENT,
                    Lane.SERVER,
                    "DATA seq=" + i + " (4 B)",
                    "D" + i));
        }
        return new Timeline(
                "UDP",
                "the UDP relay",
                "your RdtSender",
                "the grader's receiver",
                1_700_000_000_000_000L,
                events,
                34,
                0);
    }

    @Test
    void theDiagramCrossesOutTheLostAckMarksTheRetransmissionAndFoldsTheRun() {
        String svg = SequenceDiagram.svg(lostAck());
        assertThat(svg)
                .startsWith("<svg")
                .contains("class=\"sd-x\"")
                .contains("↻ DATA seq=0 (4 B)")
                .contains(">timeout<")
                .contains("datagrams like these")
                .contains("the UDP relay")
                .contains("your RdtSender")
                .doesNotContain("<script");
    }

    @Test
    void aUdpCaptureHasOnePacketPerDatagramWithTheTracedPayloads() throws Exception {
        Timeline timeline = lostAck();
        Path pcap = work.resolve("u.pcap");
        Captures.write(timeline, pcap);
        List<byte[]> packets = records(pcap);
        assertThat(packets).hasSize(timeline.events().size());
        assertThat(packets.get(0)[0]).as("IPv4, header of 5 words").isEqualTo((byte) 0x45);
        assertThat(packets.get(0)[9]).as("UDP").isEqualTo((byte) 17);
        List<String> read = tshark(pcap, "-T", "fields", "-e", "udp.payload");
        if (read != null) {
            assertThat(read)
                    .containsExactlyElementsOf(timeline.events().stream()
                            .map(e -> HexFormat.of().formatHex(e.payloadBytes()))
                            .toList());
        }
    }

    @Test
    void aTcpCaptureHasAHandshakeTheBytesAndFinsThatTsharkFollows() throws Exception {
        String client = "127.0.0.1:40001";
        String proxy = "127.0.0.1:8666";
        List<WireEvent> events = List.of(
                WireEvent.arrow(WireEvent.Kind.CONNECT, 0, 0, Lane.CLIENT, Lane.NETWORK, "connect (SYN)", null)
                        .between(client, proxy),
                WireEvent.arrow(
                                WireEvent.Kind.SEGMENT,
                                10,
                                10,
                                Lane.CLIENT,
                                Lane.NETWORK,
                                "\"1 2 3\\n\"",
                                "1 2 3\n".getBytes(StandardCharsets.UTF_8))
                        .between(client, proxy),
                WireEvent.arrow(
                                WireEvent.Kind.SEGMENT,
                                900,
                                900,
                                Lane.NETWORK,
                                Lane.CLIENT,
                                "\"6 1 3 2\\n\"",
                                "6 1 3 2\n".getBytes(StandardCharsets.UTF_8))
                        .between(proxy, client),
                WireEvent.arrow(WireEvent.Kind.FIN, 1000, 1000, Lane.CLIENT, Lane.NETWORK, "FIN", null)
                        .between(client, proxy));
        Path pcap = work.resolve("t.pcap");
        Captures.write(
                new Timeline(
                        "TCP", "Toxiproxy", "the grader's client", "your server", 1_700_000_000_000_000L, events, 4, 0),
                pcap);
        assertThat(records(pcap)).hasSize(3 + 1 + 1 + 2);
        List<String> stream = tshark(pcap, "-q", "-z", "follow,tcp,ascii,0");
        if (stream != null) {
            assertThat(String.join("\n", stream)).contains("1 2 3").contains("6 1 3 2");
            assertThat(tshark(pcap, "-Y", "tcp.analysis.flags && !tcp.analysis.window_update"))
                    .as("no TCP analysis warnings")
                    .isEmpty();
        }
    }

    /** The packets of a classic pcap file (little-endian, as Captures writes it). */
    private static List<byte[]> records(Path pcap) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getInt()).as("pcap magic").isEqualTo(0xa1b2c3d4);
        in.position(20);
        assertThat(in.getInt()).as("LINKTYPE_RAW").isEqualTo(101);
        List<byte[]> packets = new ArrayList<>();
        while (in.hasRemaining()) {
            in.getInt();
            in.getInt();
            int captured = in.getInt();
            in.getInt();
            byte[] packet = new byte[captured];
            in.get(packet);
            packets.add(packet);
        }
        return packets;
    }

    /** tshark's output lines, or null where tshark is not installed. */
    private static List<String> tshark(Path pcap, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/tshark", "-r", pcap.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }
}
