package socketlab.grader.hidden.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.UdpProbe;
import socketlab.udp.UDPServer;

@Exercise(lab = "lab-udp", id = "U1", title = "Uppercase over UDP (textbook 2.7.1)", hidden = true)
class UppercaseUdpHiddenTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    @Graded(points = 1)
    @DisplayName("the server answers a 2000-byte sentence whole")
    void serverAnswersALongSentence() throws Exception {
        String sentence = "abcdefghij".repeat(200);
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            client.send(sentence);
            assertThat(client.receive(REPLY_WAIT))
                    .as("the reply to a 2000-byte sentence")
                    .contains(sentence.toUpperCase(Locale.ROOT));
        }
    }

    @Graded(points = 1)
    @DisplayName("the server keeps UTF-8 text intact: café, naïve, Ωmega")
    void serverKeepsUtf8Intact() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            client.send("café, naïve, Ωmega");
            assertThat(client.receive(REPLY_WAIT))
                    .as("the reply, decoded and encoded as UTF-8")
                    .contains("CAFÉ, NAÏVE, ΩMEGA");
        }
    }
}
