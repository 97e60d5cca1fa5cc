package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.Mutants;
import socketlab.grader.PatchedSubmission;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.TestOutcome;

/**
 * The lab-udp suites tell the mistakes the exercises are about from correct programs: each submission
 * here is the solutions with those mistakes written in, and the tests aimed at them must take its points.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class UdpMisbehavioursIT {

    @TempDir
    Path work;

    @Test
    void naiveClientsAndWastefulSendersLoseThePointsAimedAtThem() {
        PatchedSubmission.copyOf("lab-udp", work.resolve("naive"))
                // U3: takes whatever datagram comes as this ping's reply (a late one, a duplicate)
                .replace(
                        "lab-udp",
                        "UDPPingerClient.java",
                        "if (text.equals(message)) {",
                        "if (reply.getLength() >= 0) {")
                // U2: waits for a reply forever, never sends again
                .replace("lab-udp", "UDPStatsClient.java", "clientSocket.setSoTimeout(TIMEOUT_MILLIS);", "")
                // U4: sends every packet ten times "just in case"
                .replace(
                        "lab-udp",
                        "RdtSender.java",
                        "            socket.send(new DatagramPacket(packet, packet.length, receiverAddress));",
                        "            for (int copy = 0; copy < 9; copy++) {\n"
                                + "                socket.send(new DatagramPacket(packet, packet.length, "
                                + "receiverAddress));\n"
                                + "            }\n"
                                + "            socket.send(new DatagramPacket(packet, packet.length, "
                                + "receiverAddress));")
                // U5: a window of one packet is stop-and-wait
                .replace("lab-udp", "GbnSender.java", "this.window = window;", "this.window = 1;");
        GradingReport report = grade(
                work.resolve("naive"),
                List.of(
                        "U3.clientLateReplyIsNotCountedForTheNextPing",
                        "U3.clientIgnoresDuplicateReplies",
                        "U2.clientRetriesUntilReply",
                        "U4.sendsNoMoreThanTheLossRequires",
                        "U5.goodputBeatsStopAndWait",
                        "U4.underDelayAndLoss"));

        assertFailed(report, "U3.clientLateReplyIsNotCountedForTheNextPing", "taken for this one's");
        assertFailed(report, "U3.clientIgnoresDuplicateReplies", "taken for this one's");
        assertFailed(report, "U2.clientRetriesUntilReply", "had not returned");
        assertFailed(report, "U4.sendsNoMoreThanTheLossRequires", "the datagrams your sender sent");
        assertFailed(report, "U5.goodputBeatsStopAndWait", "how long GbnSender.send() took");
        assertThat(outcome(report, "U4.underDelayAndLoss").passed())
                .as("a wasteful sender still delivers correctly, and keeps those points")
                .isTrue();
    }

    @Test
    void aPingerThatNeverTimesOutLosesItsPoints() {
        PatchedSubmission.copyOf("lab-udp", work.resolve("no-timeout"))
                .replace("lab-udp", "UDPPingerClient.java", "clientSocket.setSoTimeout((int) millisLeft);", "");
        GradingReport report = grade(work.resolve("no-timeout"), List.of("U3.clientAtTextbookSettings"));
        assertThat(outcome(report, "U3.clientAtTextbookSettings").points()).isZero();
    }

    private static GradingReport grade(Path submission, List<String> tests) {
        return Mutants.grade(submission, "lab-udp", tests, null);
    }

    private static TestOutcome outcome(GradingReport report, String id) {
        return Mutants.outcome(report, id);
    }

    private static void assertFailed(GradingReport report, String id, String feedbackMentions) {
        Mutants.assertLost(report, id, feedbackMentions);
    }
}
