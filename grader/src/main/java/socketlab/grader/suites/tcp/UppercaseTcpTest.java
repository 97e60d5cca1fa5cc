package socketlab.grader.suites.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ConsoleProgram;
import socketlab.grader.harness.FakeTcpServer;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.tcp.TCPClient;
import socketlab.tcp.TCPServer;

@Exercise(lab = "lab-tcp", id = "T1", title = "Uppercase over TCP (textbook 2.7.2)")
class UppercaseTcpTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    @Graded(points = 2)
    @DisplayName("the server answers a line in upper case")
    void serverRepliesInUpperCase() throws Exception {
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve);
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            client.sendLine("hello tcp world");
            assertThat(client.readLine(REPLY_WAIT))
                    .as("the server's reply line")
                    .contains("HELLO TCP WORLD");
        }
    }

    @Graded(points = 2)
    @DisplayName("the welcoming socket stays open: 10 clients, one after another (some end their line with \\r\\n)")
    void serverServesClientsInTurn() throws Exception {
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve)) {
            for (int i = 1; i <= 10; i++) {
                try (TcpProbe client = TcpProbe.connect(server.program().port())) {
                    // Every second client ends its line as telnet and nc -C do: "\r\n". The \r belongs to the line end.
                    client.send("client number " + i + (i % 2 == 0 ? "\r\n" : "\n"));
                    assertThat(client.readLine(REPLY_WAIT))
                            .as("the reply to client " + i + " of 10")
                            .contains("CLIENT NUMBER " + i);
                }
            }
        }
    }

    @Graded(points = 1)
    @DisplayName("a client that leaves without a word does not stop the server")
    void serverSurvivesSilentClient() throws Exception {
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve)) {
            try (TcpProbe quitter = TcpProbe.connect(server.program().port())) {
                quitter.shutdownOutput();
                quitter.closedWithin(REPLY_WAIT);
            }
            try (TcpProbe client = TcpProbe.connect(server.program().port())) {
                client.sendLine("are you still there");
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to the next client")
                        .contains("ARE YOU STILL THERE");
            }
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("a silent client, and one sending a byte every 200 ms, hold the server for its time limit only")
    void serverCutsOffSlowClients() throws Exception {
        int limit = 1000;
        try (var server = ServerUnderTest.start(() -> new TCPServer(0, limit), TCPServer::serve);
                TcpProbe silent = TcpProbe.connect(server.program().port());
                TcpProbe trickling = TcpProbe.connect(server.program().port())) {
            Trace.current()
                    .impairment(
                            "two slow clients connected first: one silent, one sending \"slow...\" a byte every 200 ms;"
                                    + " the server was opened with new TCPServer(0, " + limit + "): " + limit
                                    + " ms for each client's sentence");
            long start = System.nanoTime();
            Thread trickle = new Thread(() -> trickleUntilClosed(trickling), "trickling-client");
            trickle.setDaemon(true);
            trickle.start();
            Duration allowed = Duration.ofMillis(2 * limit + 5000);
            try (TcpProbe client = TcpProbe.connect(server.program().port())) {
                client.sendLine("my turn");
                assertThat(client.readLine(allowed))
                        .as("the reply to a third client, which connected after the two slow ones."
                                + " The server serves one client at a time: each slow one may hold it for its " + limit
                                + " ms, no more."
                                + " Before each read, set the socket's read timeout to what is left of the client's "
                                + "time (TODO 3): a"
                                + " fixed timeout for each read never trips while a byte comes every 200 ms")
                        .contains("MY TURN");
            }
            long servedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Trace.current()
                    .wire("  (the third client was served " + servedAfter + " ms after the slow ones connected)");
            assertThat(silent.closedWithin(Duration.ofSeconds(2)))
                    .as("whether the server closed the silent client's connection" + " once its time was up")
                    .isTrue();
        }
    }

    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("a sentence longer than 16 KB is refused as soon as it is longer, not read to its end")
    void serverRefusesAnOverlongSentence() throws Exception {
        try (var server = ServerUnderTest.start(() -> new TCPServer(0), TCPServer::serve)) {
            try (TcpProbe client = TcpProbe.connect(server.program().port())) {
                client.sendRepeated("a", TCPServer.MAX_LINE_BYTES + 1);
                assertThat(client.closedWithin(Duration.ofSeconds(5)))
                        .as("whether the server closed the connection within 5 s of"
                                + " a sentence of " + (TCPServer.MAX_LINE_BYTES + 1)
                                + " bytes with no newline yet (MAX_LINE_BYTES is "
                                + TCPServer.MAX_LINE_BYTES + "; its time limit is "
                                + TCPServer.TIMEOUT_MILLIS / 1000 + " s). A server that"
                                + " reads on to the newline keeps every byte: a client that never sends one "
                                + "fills its memory (TODO 4)")
                        .isTrue();
            }
            try (TcpProbe next = TcpProbe.connect(server.program().port())) {
                next.sendLine("and the next client?");
                assertThat(next.readLine(REPLY_WAIT))
                        .as("the reply to the next client")
                        .contains("AND THE NEXT CLIENT?");
            }
        }
    }

    /**
     * Sends "slow..." a byte every 200 ms (the pace is the test, not a wait) until the server closes the connection.
     */
    private static void trickleUntilClosed(TcpProbe client) {
        byte[] text = "slow, so slow, ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            for (int i = 0; i < 300; i++) {
                client.sendQuietly(text[i % text.length]);
                Thread.sleep(200);
            }
        } catch (java.io.UncheckedIOException closed) {
            // the server hung up: what it should do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Graded(points = 2)
    @DisplayName("the client sends its sentence as a line and returns the reply")
    void clientSendsLineAndReturnsReply() throws Exception {
        try (FakeTcpServer server = FakeTcpServer.start().replyWith(line -> "the grader heard: " + line)) {
            String reply = new TCPClient("127.0.0.1", server.port()).uppercase("hello grader");
            assertThat(server.takeLine(REPLY_WAIT))
                    .as("the line your client sent (ended by a newline)")
                    .contains("hello grader");
            assertThat(reply)
                    .as("what uppercase() returned (the server's reply, without its newline)")
                    .isEqualTo("the grader heard: hello grader");
        }
        try (FakeTcpServer server =
                FakeTcpServer.start().replyWith(line -> "crlf: " + line).lineEnd("\r\n")) {
            String reply = new TCPClient("127.0.0.1", server.port()).uppercase("hello again");
            assertThat(reply)
                    .as("what uppercase() returned when the server ended its reply with \"\\r\\n\" (the line end,"
                            + " as telnet sends it: the \\r is not part of the reply)")
                    .isEqualTo("crlf: hello again");
        }
    }

    @Graded(points = 1)
    @DisplayName("the client program reads a sentence and prints the reply")
    void clientProgramPrintsReply() {
        try (FakeTcpServer server = FakeTcpServer.start().replyWith(line -> line.toUpperCase(Locale.ROOT))) {
            ConsoleProgram.Result run = ConsoleProgram.java(TCPClient.class)
                    .args("127.0.0.1", server.port())
                    .stdin("hello terminal\n")
                    .run();
            assertThat(run.stdout()).as("what the client program printed").contains("HELLO TERMINAL");
            assertThat(run.exitCode()).as("the client program's exit code").isZero();
        }
    }
}
