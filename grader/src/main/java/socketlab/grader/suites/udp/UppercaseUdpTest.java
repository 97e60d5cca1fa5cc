package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.harness.ConsoleProgram;
import socketlab.grader.harness.FakeUdpServer;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.UdpProbe;
import socketlab.udp.UDPClient;
import socketlab.udp.UDPServer;

@Exercise(lab = "lab-udp", id = "U1", title = "Uppercase over UDP (textbook 2.7.1)")
class UppercaseUdpTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    @Graded(points = 2)
    @DisplayName("the server answers a sentence in upper case")
    void serverRepliesInUpperCase() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            client.send("hello world");
            assertThat(client.receive(REPLY_WAIT))
                    .as("the server's reply to \"hello world\"")
                    .contains("HELLO WORLD");
        }
    }

    @Graded(points = 2)
    @DisplayName("the server replies to each sender's own address and port")
    void serverRepliesToEachSender() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe alice = UdpProbe.to(server.program().port());
                UdpProbe bob = UdpProbe.to(server.program().port())) {
            alice.send("from alice");
            bob.send("from bob");
            assertThat(bob.receive(REPLY_WAIT))
                    .as("the reply at bob's port " + bob.localPort()
                            + " (each client has its own port: reply to the address the datagram came from)")
                    .contains("FROM BOB");
            assertThat(alice.receive(REPLY_WAIT))
                    .as("the reply at alice's port " + alice.localPort())
                    .contains("FROM ALICE");
        }
    }

    @Graded(points = 1)
    @DisplayName("the server keeps serving: 20 sentences in a row, digits and punctuation kept")
    void serverKeepsServing() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            for (int i = 1; i <= 20; i++) {
                String sentence = "route " + i + ", exit " + (i * 7) + "! ok?";
                client.send(sentence);
                assertThat(client.receive(REPLY_WAIT))
                        .as("the reply to sentence " + i + " of 20")
                        .contains(sentence.toUpperCase(Locale.ROOT));
            }
        }
    }

    @Graded(points = 1)
    @DisplayName("the server survives an empty datagram and invalid bytes")
    void serverSurvivesOddDatagrams() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                UdpProbe client = UdpProbe.to(server.program().port())) {
            client.send(new byte[0]);
            client.receive(REPLY_WAIT);
            client.send(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
            client.receive(REPLY_WAIT);
            client.send("still there?");
            assertThat(client.receive(REPLY_WAIT))
                    .as("the reply to \"still there?\" after an empty datagram and invalid bytes")
                    .contains("STILL THERE?");
            assertThat(server.isServing()).as("the server is still serving").isTrue();
        }
    }

    @Graded(points = 2)
    @DisplayName("the client sends the sentence and returns the server's reply")
    void clientSendsAndReturnsReply() throws Exception {
        try (FakeUdpServer server = FakeUdpServer.start().replyWith(text -> "the grader heard: " + text);
                UDPClient client = new UDPClient("127.0.0.1", server.port())) {
            String reply = client.uppercase("hello grader");
            assertThat(server.takeRequest(REPLY_WAIT))
                    .as("the datagram your client sent")
                    .hasValueSatisfying(request -> assertThat(request.text()).isEqualTo("hello grader"));
            assertThat(reply)
                    .as("what uppercase() returned (the server's reply, as it came)")
                    .isEqualTo("the grader heard: hello grader");
        }
    }

    @Graded(points = 1, timeoutSeconds = 15)
    @DisplayName("the client gives up with an exception when no reply comes")
    void clientTimesOut() throws Exception {
        try (FakeUdpServer silent = FakeUdpServer.start();
                UDPClient client = new UDPClient("127.0.0.1", silent.port())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.uppercase("anyone there?"))
                    .as("uppercase() when the server never answers")
                    .isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("how long the client waited")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Graded(points = 1)
    @DisplayName("the client program reads a sentence and prints the reply")
    void clientProgramPrintsReply() {
        try (FakeUdpServer server = FakeUdpServer.start().replyWith(text -> text.toUpperCase(Locale.ROOT))) {
            ConsoleProgram.Result run = ConsoleProgram.java(UDPClient.class)
                    .args("127.0.0.1", server.port())
                    .stdin("hello terminal\n")
                    .run();
            assertThat(run.stdout()).as("what the client program printed").contains("HELLO TERMINAL");
            assertThat(run.exitCode()).as("the client program's exit code").isZero();
        }
    }
}
