package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The same seed replays the same toxicity rolls, connection by connection. */
class EmbeddedRandomnessReplayTest {
    private static final int CONNECTIONS = 24;

    @Test
    void sameSeedSameToxicityRolls() throws IOException {
        long seed = Long.getLong("socketlab.toxiproxy.seed", System.nanoTime());
        System.out.println("EmbeddedRandomnessReplayTest: seed " + seed + " (replay with -Dsocketlab.toxiproxy.seed="
                + seed + ")");
        try (EchoServer echo = new EchoServer()) {
            String first = rolls(seed, echo.port());
            String second = rolls(seed, echo.port());

            assertThat(second).isEqualTo(first);
            // With toxicity 0.5 over 24 connections, both outcomes appear except with probability 2^-23.
            assertThat(first).contains("T").contains("-");
        }
    }

    /** One letter per connection: T when the half-toxic limit_data (1 byte) applied, - when it did not. */
    private static String rolls(long seed, int echoPort) throws IOException {
        StringBuilder rolls = new StringBuilder();
        try (EmbeddedToxiproxy engine = EmbeddedToxiproxy.builder().seed(seed).start()) {
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            Proxy proxy = client.createProxy("replay", "127.0.0.1:0", "127.0.0.1:" + echoPort);
            proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 1).setToxicity(0.5f);
            int port = Integer.parseInt(
                    proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(new byte[4]);
                    byte[] reply = socket.getInputStream().readNBytes(4);
                    rolls.append(reply.length == 1 ? 'T' : '-');
                }
            }
        }
        return rolls.toString();
    }
}
