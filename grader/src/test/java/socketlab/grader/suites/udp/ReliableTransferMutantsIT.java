package socketlab.grader.suites.udp;

import static socketlab.grader.Mutants.assertLost;
import static socketlab.grader.Mutants.assertNotBlaming;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.Mutants;
import socketlab.grader.PatchedSubmission;

/**
 * One-bug copies of lab-udp's solutions, each bug one that full marks used to let through: each loses the points
 * of the test aimed at it, in its own exercise, with feedback that names the right side. Bugs in different classes
 * share a submission where the tests graded cannot see each other's (a sender test runs against the grader's
 * receiver, a receiver test against the grader's sender). Seeds: {@link Mutants#seeds()}.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
@ExtendedCheck
class ReliableTransferMutantsIT {

    /**
     * Words that put a sender's bug on the receiver, or a receiver's on the sender (and the old "is it running?"
     * guess).
     */
    private static final String[] RECEIVER_BLAMED = {
        "the receiver must", "RdtReceiver.receive()", "is the receiver running"
    };

    private static final String[] SENDER_BLAMED = {
        "the sender does not recognise", "Your sender", "RdtSender.send()", "is the receiver running"
    };

    @TempDir
    Path work;

    @Test
    void lateAcksNoLingerResendingTheOldestOnlyAStrayRestartedPingTimerAndAnOverlongRequest() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-udp", work.resolve("a"))
                // U4 sender: any intact ACK ends the wait, whatever packet it acknowledges
                .replace(
                        "lab-udp",
                        "RdtSender.java",
                        "ack.type() == RdtPacket.ACK && ack.seq() == seq",
                        "ack.type() == RdtPacket.ACK")
                // U4 receiver: returns as soon as it has acknowledged the FIN (no TIME_WAIT)
                .replace("lab-udp", "RdtReceiver.java", "                linger(packet.seq(), sender);\n", "")
                // U5: on a timeout, sends only the oldest unacknowledged packet again
                .replace(
                        "lab-udp",
                        "GbnSender.java",
                        "                for (int seq = base; seq < next; seq++) {\n"
                                + "                    sendPacket(packets.get(seq));\n"
                                + "                }",
                        "                sendPacket(packets.get(base));")
                // U3: after skipping a stray datagram, waits a whole second again
                .replace(
                        "lab-udp",
                        "UDPPingerClient.java",
                        "clientSocket.setSoTimeout((int) millisLeft);",
                        "clientSocket.setSoTimeout(TIMEOUT_MILLIS);")
                // U2: a buffer as big as a datagram, and no limit: computes requests longer than 2048 bytes
                .replace(
                        "lab-udp",
                        "UDPStatsServer.java",
                        "byte[] buffer = new byte[MAX_REQUEST + 1];",
                        "byte[] buffer = new byte[65_535];")
                .replace(
                        "lab-udp",
                        "UDPStatsServer.java",
                        "if (request.getLength() > MAX_REQUEST) {",
                        "if (request.getLength() > 65_507) {");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-udp",
                List.of(
                        "U4.senderIgnoresALateAck",
                        "U4.receiverLingersWhenTheFinsAckIsLost",
                        "U5.resendsEveryPacketInFlight",
                        "U3.strayDatagramsDoNotRestartTheTimer",
                        "U2.serverEnforcesTheRequestLimit"),
                report -> {
                    assertLost(
                            report,
                            "U4.senderIgnoresALateAck",
                            "your sender sent DATA 3 before the ACK of packet 2",
                            "held back on purpose");
                    assertNotBlaming(report, "U4.senderIgnoresALateAck", RECEIVER_BLAMED);
                    assertLost(
                            report,
                            "U4.receiverLingersWhenTheFinsAckIsLost",
                            "the FIN",
                            "receive() had returned",
                            "linger");
                    assertNotBlaming(report, "U4.receiverLingersWhenTheFinsAckIsLost", SENDER_BLAMED);
                    assertLost(
                            report,
                            "U5.resendsEveryPacketInFlight",
                            "the first difference is datagram 12: yours was DATA 10," + " the protocol's is DATA 3");
                    assertNotBlaming(report, "U5.resendsEveryPacketInFlight", RECEIVER_BLAMED);
                    assertLost(report, "U3.strayDatagramsDoNotRestartTheTimer", "not a whole second again");
                    assertLost(report, "U2.serverEnforcesTheRequestLimit", "2049 bytes of valid numbers");
                });
    }

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void strayDatagramsRestartingTheTimerAndAReceiverThatDoesNotAcknowledgeCopies() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-udp", work.resolve("b"))
                // U4 sender: each receive waits a whole timeout again (the timer restarts on any datagram)
                .replace(
                        "lab-udp",
                        "RdtSender.java",
                        "long millisLeft = (deadline - System.nanoTime()) / 1_000_000;",
                        "long millisLeft = timeoutMillis;")
                // U5: the same
                .replace(
                        "lab-udp",
                        "GbnSender.java",
                        "long millisLeft = (deadline - System.nanoTime()) / 1_000_000;",
                        "long millisLeft = timeoutMillis;")
                // U4 receiver: acknowledges a packet only when it is the one expected (no ACK for a duplicate)
                .replace(
                        "lab-udp",
                        "RdtReceiver.java",
                        "                expected++;\n            }",
                        "                expected++;\n                sendAck(expected - 1, "
                                + "datagram.getSocketAddress());\n            }")
                .replace(
                        "lab-udp",
                        "RdtReceiver.java",
                        "            sendAck(expected - 1, datagram.getSocketAddress());\n"
                                + "            // End of step 4.",
                        "            // End of step 4.");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-udp",
                List.of(
                        "U4.strayDatagramsDoNotRestartTheTimer",
                        "U5.strayDatagramsDoNotRestartTheTimer",
                        "U4.receiverAcknowledgesEveryCopy"),
                report -> {
                    assertLost(
                            report,
                            "U4.strayDatagramsDoNotRestartTheTimer",
                            "how long after DATA 0 your RdtSender sent it again");
                    assertLost(
                            report,
                            "U5.strayDatagramsDoNotRestartTheTimer",
                            "how long after DATA 0 your GbnSender sent it again");
                    assertLost(
                            report, "U4.receiverAcknowledgesEveryCopy", "the receiver acknowledged DATA 1 1 time(s)");
                    assertNotBlaming(report, "U4.receiverAcknowledgesEveryCopy", SENDER_BLAMED);
                });
    }

    @Test
    @EnabledIf(
            value = "socketlab.grader.Mutants#all",
            disabledReason = "graded with -Dsocketlab.mutants=all (the build's time budget)")
    void aSenderThatDoesNotWaitForTheFinsAckAndAGoBackNThatIgnoresCumulativeAcks() {
        PatchedSubmission submission = PatchedSubmission.copyOf("lab-udp", work.resolve("c"))
                // U4: sends the FIN once and returns
                .replace(
                        "lab-udp",
                        "RdtSender.java",
                        "sendAndWait(RdtPacket.encode(RdtPacket.FIN, packets, new byte[0], 0, 0), packets);",
                        "byte[] fin = RdtPacket.encode(RdtPacket.FIN, packets, new byte[0], 0, 0);"
                                + " socket.send(new DatagramPacket(fin, fin.length, receiverAddress)); "
                                + "datagramsSent++;")
                // U5: moves the window one packet per ACK, whatever the ACK covers
                .replace("lab-udp", "GbnSender.java", "base = acked + 1;", "base++;");
        Mutants.gradeWithEverySeed(
                submission,
                "lab-udp",
                List.of(
                        "U4.senderResendsTheFinUntilAcknowledged",
                        "U5.slidesOnCumulativeAcks",
                        "U5.aLaterAckCoversALostOne"),
                report -> {
                    assertLost(report, "U4.senderResendsTheFinUntilAcknowledged", "FIN 5 ×2", "yours sent 6");
                    assertLost(report, "U5.slidesOnCumulativeAcks", "the packets your GbnSender sent");
                    assertLost(report, "U5.aLaterAckCoversALostOne", "the packets your GbnSender sent");
                });
    }
}
