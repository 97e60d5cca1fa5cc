package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting, stopping and churning the engine leaves no thread, socket or port behind. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedLifecycleTest {

    @Test
    void thousandCreateDeleteCyclesLeaveNoThreadSocketOrPort() throws IOException {
        try (EmbeddedToxiproxy engine = EmbeddedToxiproxy.start();
                EchoServer echo = new EchoServer()) {
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            long descriptorsBefore = openDescriptors();
            for (int i = 0; i < 1000; i++) {
                Proxy proxy = client.createProxy("leak-" + i, "127.0.0.1:0", "127.0.0.1:" + echo.port());
                int port = listenPort(proxy);
                if (i % 10 == 0) {
                    // Some cycles carry a live connection (with a toxic) so connection threads are exercised too.
                    proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(7);
                        assertThat(socket.getInputStream().read()).isEqualTo(7);
                        proxy.delete();
                    }
                } else {
                    proxy.delete();
                }
                assertThat(portIsFree(port))
                        .as("port %d free after deleting proxy %d", port, i)
                        .isTrue();
            }
            assertThat(EngineThreadsProbe.namesContaining("leak-")).isEmpty();
            assertThat(client.getProxies()).isEmpty();
            long descriptorsAfter = openDescriptors();
            if (descriptorsBefore >= 0) {
                // Slack for descriptors the JDK's HTTP keep-alive cache and the echo server may still hold.
                assertThat(descriptorsAfter).isLessThan(descriptorsBefore + 40);
            }
        }
    }

    @Test
    void closeStopsEveryEngineThreadAndProxy() throws IOException {
        int port;
        try (EchoServer echo = new EchoServer()) {
            EmbeddedToxiproxy engine = EmbeddedToxiproxy.start();
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            Proxy proxy = client.createProxy("closing", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            proxy.toxics().timeout("t", ToxicDirection.DOWNSTREAM, 60_000);
            port = listenPort(proxy);
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            assertThat(EngineThreadsProbe.allDaemon()).isTrue();

            engine.close();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            socket.close();
            assertThat(EngineThreadsProbe.namesContaining("closing")).isEmpty();
            assertThat(portIsFree(port)).isTrue();
            assertThatThrownBy(client::version).isInstanceOf(IOException.class);
        }
    }

    @Test
    void startRefusesNonLoopbackHosts() {
        assertThatThrownBy(() -> EmbeddedToxiproxy.start("8.8.8.8", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void urlNamesTheBoundLoopbackPort() {
        try (EmbeddedToxiproxy engine = EmbeddedToxiproxy.start("127.0.0.1", 0)) {
            assertThat(engine.port()).isPositive();
            assertThat(engine.url()).isEqualTo("http://127.0.0.1:" + engine.port());
        }
    }

    @Test
    void wildcardListenIsBoundToLoopback() throws IOException {
        try (EmbeddedToxiproxy engine = EmbeddedToxiproxy.start()) {
            ToxiproxyClient client = new ToxiproxyClient(engine.host(), engine.port());
            Proxy proxy = client.createProxy("wildcard", "0.0.0.0:0", "127.0.0.1:1");
            assertThat(proxy.getListen()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        }
    }

    private static int listenPort(Proxy proxy) {
        String listen = proxy.getListen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static long openDescriptors() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount();
        }
        return -1;
    }
}
