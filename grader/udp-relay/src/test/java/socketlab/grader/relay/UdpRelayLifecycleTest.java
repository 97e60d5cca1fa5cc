package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class UdpRelayLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aThousandStartsAndClosesLeaveNoThreadOrSocketBehind() throws IOException {
        try (Peer server = Peer.sink();
                Peer client = Peer.client()) {
            cycle(server, client, Impairment.none()); // warm up: class loading, lazily opened JDK descriptors
            OptionalLong descriptorsBefore = openDescriptors();
            List<Integer> lastPorts = new ArrayList<>();

            for (int i = 0; i < 1000; i++) {
                // Every tenth relay delays its datagram so its timer thread starts too.
                Impairment impairment = i % 10 == 0 ? Impairment.none().delay(Duration.ofMillis(1)) : Impairment.none();
                List<Integer> ports = cycle(server, client, impairment);
                if (i >= 990) {
                    lastPorts.addAll(ports);
                }
            }

            assertThat(relayThreads()).as("threads named udp-relay-*").isEmpty();
            for (int port : lastPorts) {
                assertThat(canBind(port)).as("port " + port + " was released").isTrue();
            }
            if (descriptorsBefore.isPresent()) {
                assertThat(openDescriptors().getAsLong())
                        .as("open file descriptors")
                        .isLessThanOrEqualTo(descriptorsBefore.getAsLong() + 10);
            }
        }
    }

    /** Starts a relay, sends one datagram through it (so a session opens), closes it; returns its two ports. */
    private static List<Integer> cycle(Peer server, Peer client, Impairment impairment) throws IOException {
        try (UdpRelay relay = UdpRelay.to(server.port()).both(impairment).start()) {
            client.send("hello", relay.port());
            Peer.Datagram arrived = server.receive(1, WAIT).get(0);
            return List.of(relay.port(), arrived.from().getPort());
        }
    }

    @Test
    void closeWhileTrafficFlowsReturnsPromptly() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Peer server = Peer.echoServer();
                Peer client = Peer.client()) {
            UdpRelay relay = UdpRelay.to(server.port())
                    .both(Impairment.none()
                            .delay(Duration.ofMillis(20), Duration.ofMillis(10))
                            .loss(0.1))
                    .start();
            int relayPort = relay.port();
            Thread flood = new Thread(
                    () -> {
                        long i = 0;
                        while (sending.get()) {
                            client.send("flood " + i++, relayPort);
                            if (i % 64 == 0) {
                                Thread.yield(); // leave the other core to the relay on a busy machine
                            }
                        }
                    },
                    "relay-test-flood");
            flood.setDaemon(true);
            flood.start();
            try {
                Await.until("traffic flows both ways", Duration.ofSeconds(10), () -> {
                    RelayStats stats = relay.stats();
                    return stats.upstream().received() > 2000
                            && stats.downstream().received() > 500;
                });

                long start = System.nanoTime();
                relay.close();
                Duration closing = Duration.ofNanos(System.nanoTime() - start);

                System.out.println(
                        "[closeWhileTrafficFlows] close() took " + closing.toMillis() + " ms; " + relay.summary());
                assertThat(closing).isLessThan(Duration.ofMillis(1500));
                assertThat(relayThreads()).isEmpty();
                assertThat(canBind(relayPort)).isTrue();
                relay.close(); // closing twice is harmless
            } finally {
                sending.set(false);
                flood.join(2_000);
                relay.close();
            }
        }
    }

    private static List<String> relayThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(RelayThreads.PREFIX))
                .toList();
    }

    private static boolean canBind(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Peer.LOOPBACK, port))) {
            return socket.isBound();
        } catch (SocketException e) {
            return false;
        }
    }

    private static OptionalLong openDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getOpenFileDescriptorCount());
        }
        return OptionalLong.empty();
    }
}
