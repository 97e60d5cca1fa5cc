package socketlab.grader.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.udp.UDPPingerServer;
import socketlab.udp.UDPServer;
import socketlab.udp.UDPStatsServer;

/**
 * lab-udp's servers with a client written the textbook's way (Kurose &amp; Ross §2.7.1): one datagram
 * out, one {@code recvfrom(2048)} in, the reply decoded as UTF-8 and nothing else, so a reply longer than
 * 2048 bytes is cut and a character cut in two fails the decode, as it does in Python. Every request,
 * however long or broken, must get a whole reply that decodes. The same client in Python 3 runs too
 * where {@code python3} is on the PATH.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class TextbookUdpClientsTest {

    private static final int RECVFROM = 2048;
    private static final long SEED = 14;

    /** Requests that break a server which decodes, upper-cases or echoes without care (the seed is printed). */
    private static List<byte[]> awkwardRequests() {
        System.out.println("TextbookUdpClientsTest: random bytes from seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] garbage = new byte[RECVFROM];
        random.nextBytes(garbage);
        byte[] oversized = new byte[65_000];
        random.nextBytes(oversized);
        return List.of(
                utf8("é".repeat(1023) + "€"), // 2049 bytes: the server's 2048-byte buffer cuts the € in two
                utf8("ŉ".repeat(1024)), // 2048 bytes whose upper case, "ʼN", is 3072
                utf8("ß".repeat(2000)), // upper case "SS": as many bytes, twice the characters
                garbage,
                oversized,
                new byte[0]);
    }

    @Test
    void uppercaseRepliesFitTheTextbooksBufferAndDecode() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve)) {
            int port = server.program().port();
            assertThat(exchange(port, utf8("hello, textbook"))).isEqualTo("HELLO, TEXTBOOK");
            for (byte[] request : awkwardRequests()) {
                exchange(port, request); // decodes, and fits in 2048 bytes, or fails the test
            }
            String cutEuro = exchange(port, utf8("é".repeat(1023) + "€"));
            assertThat(cutEuro)
                    .as("the reply to 1023 é and a € cut in two by the buffer")
                    .isEqualTo("É".repeat(1023));
            assertThat(server.isServing()).isTrue();
        }
    }

    @Test
    void statsRepliesAreOneDecodableDatagram() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve)) {
            int port = server.program().port();
            assertThat(exchange(port, utf8("6 5 9 7 4.2"))).isEqualTo("31.2 4.2 9.0 6.24");
            for (String javaOnly : List.of("1d", "2f 3", "0x1p3", "Infinity", "1e308 1e308", "1_000")) {
                assertThat(exchange(port, utf8(javaOnly)))
                        .as("the reply to " + javaOnly)
                        .startsWith("ERROR");
            }
            for (byte[] request : awkwardRequests()) {
                assertThat(exchange(port, request)).startsWith("ERROR");
            }
        }
    }

    @Test
    void pingerEchoesTheTextbookAssignmentsOwnPing() throws Exception {
        try (var server = ServerUnderTest.start(() -> new UDPPingerServer(0), UDPPingerServer::serve)) {
            int port = server.program().port();
            for (String ping : List.of(
                    "Ping 1 1732181234.567", "Ping 10 1732181234.5671234", "PING 2 1732181234567", "ping 3 17")) {
                assertThat(exchange(port, utf8(ping)))
                        .as("the reply to " + ping)
                        .isEqualTo(ping);
            }
            for (byte[] request : awkwardRequests()) {
                assertThat(exchange(port, request)).startsWith("ERROR");
            }
        }
    }

    @Test
    void pythonsTextbookClientGetsWholeReplies(@TempDir Path work) throws Exception {
        assumeTrue(
                hasPython(),
                "python3 is not on the PATH: the Java edition of the textbook's client above stands in for it");
        Path client = work.resolve("udp_client.py");
        Files.writeString(
                client,
                String.join(
                        "\n",
                        "# The textbook's UDPClient.py (Kurose & Ross 2.7.1), with the message and port from the "
                                + "command line.",
                        "from socket import *",
                        "import sys",
                        "clientSocket = socket(AF_INET, SOCK_DGRAM)",
                        "clientSocket.settimeout(5)",
                        "clientSocket.sendto(bytes.fromhex(sys.argv[2]), ('127.0.0.1', int(sys.argv[1])))",
                        "modifiedMessage, serverAddress = clientSocket.recvfrom(2048)",
                        "print(modifiedMessage.decode().encode().hex())",
                        "clientSocket.close()",
                        ""));
        try (var upper = ServerUnderTest.start(() -> new UDPServer(0), UDPServer::serve);
                var stats = ServerUnderTest.start(() -> new UDPStatsServer(0), UDPStatsServer::serve);
                var pinger = ServerUnderTest.start(() -> new UDPPingerServer(0), UDPPingerServer::serve)) {
            assertThat(python(client, upper.program().port(), utf8("hello"))).isEqualTo("HELLO");
            assertThat(python(client, stats.program().port(), utf8("6 5 9 7 4.2")))
                    .isEqualTo("31.2 4.2 9.0 6.24");
            assertThat(python(client, pinger.program().port(), utf8("Ping 1 1732181234.567")))
                    .isEqualTo("Ping 1 1732181234.567");
            for (byte[] request :
                    awkwardRequests().subList(0, 4)) { // the 65,000-byte one does not fit on a command line
                python(client, upper.program().port(), request);
            }
        }
    }

    /** One datagram out, one recvfrom(2048) in, decoded strictly; fails the test if the reply is cut or not UTF-8. */
    private static String exchange(int port, byte[] request) throws IOException {
        try (DatagramSocket clientSocket = new DatagramSocket()) {
            clientSocket.setSoTimeout(5000);
            clientSocket.send(new DatagramPacket(
                    request, request.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            DatagramPacket reply = new DatagramPacket(new byte[RECVFROM + 1], RECVFROM + 1);
            clientSocket.receive(reply);
            String what = "the reply to a " + request.length + "-byte request";
            assertThat(reply.getLength())
                    .as(what + ": its length (recvfrom(2048) cuts a longer one)")
                    .isLessThanOrEqualTo(RECVFROM);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(reply.getData(), 0, reply.getLength()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError(
                        what + " is not UTF-8 (Python's decode() would raise UnicodeDecodeError): " + e);
            }
        }
    }

    private static String python(Path client, int port, byte[] request) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "python3",
                client.toString(),
                String.valueOf(port),
                HexFormat.of().formatHex(request)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS))
                .as("the Python client finished")
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue())
                .as("the Python client's exit status; it printed: " + output)
                .isZero();
        return new String(HexFormat.of().parseHex(output), StandardCharsets.UTF_8);
    }

    private static boolean hasPython() {
        try {
            Process process = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
