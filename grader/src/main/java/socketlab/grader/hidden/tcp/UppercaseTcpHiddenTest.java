package socketlab.grader.hidden.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.tcp.TCPServer;

@Exercise(lab = "lab-tcp", id = "T1", title = "Uppercase over TCP (textbook 2.7.2)", hidden = true)
class UppercaseTcpHiddenTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    @Graded(points = 1)
    @DisplayName("the server reads a whole 10 KB line, not just the first recv's worth")
    void serverReadsALongLine() throws Exception {
        String line = "0123456789".repeat(1000);
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve);
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            client.sendLine(line);
            assertThat(client.readLine(REPLY_WAIT))
                    .as("the reply to a 10,000-character line")
                    .contains(line.toUpperCase(Locale.ROOT));
        }
    }

    @Graded(points = 1)
    @DisplayName("the server waits for the newline when a line arrives in pieces")
    void serverWaitsForTheWholeLine() throws Exception {
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve);
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            client.send("in ").send("three ").send("pieces\n");
            assertThat(client.readLine(REPLY_WAIT))
                    .as("the reply to a line sent in three writes")
                    .contains("IN THREE PIECES");
        }
    }
}
