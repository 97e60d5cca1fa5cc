package socketlab.grader.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineRecorderTest {

    private static WireEvent data(int seq, int at) {
        return WireEvent.arrow(
                        WireEvent.Kind.DATAGRAM,
                        at,
                        at + 50,
                        Lane.CLIENT,
                        Lane.SERVER,
                        "DATA seq=" + seq + " (1024 B)",
                        new byte[1024])
                .withText("→ DATA seq=" + seq + " (1024 B)")
                .between("127.0.0.1:5000", "127.0.0.1:6000");
    }

    @Test
    void aOneMegabyteTransferKeepsItsFirstAndLastEventsInBoundedMemory() {
        TimelineRecorder recorder = new TimelineRecorder();
        for (int seq = 0; seq < 20_000; seq++) {
            recorder.add(data(seq, seq * 100));
        }
        Timeline timeline = recorder.snapshot();
        assertThat(timeline.events()).hasSize(TimelineRecorder.HEAD + TimelineRecorder.TAIL);
        assertThat(timeline.omitted()).isEqualTo(20_000 - TimelineRecorder.HEAD - TimelineRecorder.TAIL);
        assertThat(timeline.events().get(0).label()).isEqualTo("DATA seq=0 (1024 B)");
        assertThat(timeline.events().get(timeline.events().size() - 1).label()).isEqualTo("DATA seq=19999 (1024 B)");
        long payload = timeline.events().stream()
                .mapToLong(e -> e.payload() == null ? 0 : e.payload().length())
                .sum();
        assertThat(payload).as("Base64 payload kept").isLessThanOrEqualTo(TimelineRecorder.PAYLOAD_BUDGET);
    }

    @Test
    void theTextFormFoldsRunsAndKeepsTheLinesAroundTheEnd() {
        TimelineRecorder recorder = new TimelineRecorder();
        for (int seq = 0; seq < 400; seq++) {
            recorder.add(data(seq, seq * 100));
        }
        recorder.add(WireEvent.note(50_000, "← received nothing within 3000 ms"));
        List<String> lines = TimelineText.lines(recorder.snapshot());
        assertThat(lines.size()).isLessThan(20);
        assertThat(lines)
                .contains("→ DATA seq=0 (1024 B)", "→ DATA seq=399 (1024 B)", "← received nothing within 3000 ms")
                .anyMatch(line -> line.matches("… \\d+ lines like these …"))
                .anyMatch(line -> line.matches("… \\d+ more events, not kept …"));
    }
}
