package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import socketlab.udp.RdtPacket;

/** The grader's reading of the packet format agrees with the solution's. */
class RdtReferenceTest {

    @Test
    @EnabledIf(
            value = "socketlab.grader.KitPaths#hasSolutions",
            disabledReason =
                    "compares with the solution's RdtPacket: in the student edition only the skeleton is here, whose "
                            + "encode() is a TODO")
    void encodesAsTheSolutionDoes() {
        byte[] payload = "some payload".getBytes(StandardCharsets.UTF_8);
        assertThat(RdtReference.encode(RdtReference.DATA, 42, payload))
                .isEqualTo(RdtPacket.encode(RdtPacket.DATA, 42, payload, 0, payload.length));
        assertThat(RdtReference.encode(RdtReference.ACK, -1, new byte[0])).isEqualTo(RdtPacket.ack(-1));
        assertThat(RdtReference.HEADER_SIZE).isEqualTo(RdtPacket.HEADER_SIZE);
        assertThat(RdtReference.MAX_PAYLOAD).isEqualTo(RdtPacket.MAX_PAYLOAD);
    }

    @Test
    void countsPacketsIncludingTheFin() {
        assertThat(RdtReference.packetsFor(0)).isEqualTo(1);
        assertThat(RdtReference.packetsFor(1)).isEqualTo(2);
        assertThat(RdtReference.packetsFor(4096)).isEqualTo(2);
        assertThat(RdtReference.packetsFor(4097)).isEqualTo(3);
    }

    @Test
    void findsTheFirstDifference() {
        assertThat(RdtReference.firstDifference(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}))
                .isEqualTo(-1);
        assertThat(RdtReference.firstDifference(new byte[] {1, 2, 3}, new byte[] {1, 9, 3}))
                .isEqualTo(1);
        assertThat(RdtReference.firstDifference(new byte[] {1, 2, 3}, new byte[] {1, 2}))
                .isEqualTo(2);
    }
}
