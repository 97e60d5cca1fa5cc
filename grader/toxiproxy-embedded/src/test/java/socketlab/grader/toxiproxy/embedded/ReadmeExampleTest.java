package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The example in this module's README, run: a server behind a latency toxic, one byte through it. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int serverPort = server.getLocalPort();
            try (EmbeddedToxiproxy toxiproxy = EmbeddedToxiproxy.start()) {
                ToxiproxyClient client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());
                Proxy proxy = client.createProxy("web", "127.0.0.1:0", "127.0.0.1:" + serverPort);
                proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 200).setJitter(50);

                String[] listen = proxy.getListen().split(":");
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(listen[0], Integer.parseInt(listen[1])), 5_000);
                    socket.setSoTimeout(10_000);
                    server.setSoTimeout(10_000);
                    try (Socket accepted = server.accept()) {
                        long start = System.nanoTime();
                        accepted.getOutputStream().write('x');
                        assertThat(socket.getInputStream().read()).isEqualTo('x');
                        assertThat((System.nanoTime() - start) / 1_000_000)
                                .as("ms the byte took, with 200 ± 50 ms latency")
                                .isGreaterThanOrEqualTo(150);
                    }
                }
            }
        }
    }
}
