package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example in this module's README, run: an echo server behind the relay, one datagram through it. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket client =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int serverPort = server.getLocalPort();
            try (UdpRelay relay = UdpRelay.to(serverPort)
                    .seed(42)
                    .upstream(Impairment.none().loss(0.2).delay(Duration.ofMillis(50), Duration.ofMillis(10)))
                    .downstream(Impairment.none().burstLoss(0.1, 3))
                    .start()) {
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                server.setSoTimeout(200);
                boolean arrived = false;
                // With 20% loss a datagram may be lost: send until one arrives (the seed makes this run the same every
                // time).
                for (int attempt = 0; attempt < 20 && !arrived; attempt++) {
                    client.send(new DatagramPacket(hello, hello.length, relay.address()));
                    try {
                        server.receive(new DatagramPacket(new byte[16], 16));
                        arrived = true;
                    } catch (java.net.SocketTimeoutException lost) {
                        // lost by the relay, as configured
                    }
                }
                assertThat(arrived)
                        .as("a datagram crossed the relay within 20 tries at 20% loss")
                        .isTrue();
                assertThat(relay.summary()).isNotBlank();
            }
        }
    }
}
