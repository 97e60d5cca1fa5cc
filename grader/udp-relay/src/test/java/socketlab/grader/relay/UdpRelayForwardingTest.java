package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UdpRelayForwardingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void forwardsRequestsToTheServerAndRepliesBackToTheClient() throws Exception {
        try (Peer server = Peer.echoServer();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port()).seed(1).start()) {
            client.send("ping 1", relay.port());

            Peer.Datagram request = server.receive(1, WAIT).get(0);
            Peer.Datagram reply = client.receive(1, WAIT).get(0);

            assertThat(request.text()).isEqualTo("ping 1");
            assertThat(request.from().getPort())
                    .as("the server sees the session socket, not the client")
                    .isNotEqualTo(client.port())
                    .isNotEqualTo(relay.port());
            assertThat(reply.text()).isEqualTo("ping 1");
            assertThat(reply.from().getPort())
                    .as("replies come from the relay's port")
                    .isEqualTo(relay.port());
            assertThat(relay.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(relay.awaitSettled(WAIT)).isTrue();
            assertThat(relay.summary())
                    .isEqualTo("upstream: 1 received, 0 dropped, 1 forwarded; downstream: 1 received, 0 dropped, 1 "
                            + "forwarded");
            assertThat(relay.stats().upstream().bytesForwarded()).isEqualTo(6);
        }
    }

    @Test
    void routesEachReplyToTheClientThatAsked() throws IOException {
        int clients = 4;
        int pings = 25;
        try (Peer server = Peer.echoServer();
                UdpRelay relay = UdpRelay.to(server.port()).start()) {
            List<Peer> peers = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    peers.add(Peer.client());
                }
                for (int i = 0; i < pings; i++) {
                    for (int c = 0; c < clients; c++) {
                        peers.get(c).send("client " + c + " ping " + i, relay.port());
                    }
                }
                for (int c = 0; c < clients; c++) {
                    List<String> replies = peers.get(c).receive(pings, WAIT).stream()
                            .map(Peer.Datagram::text)
                            .collect(Collectors.toList());
                    String mine = "client " + c + " ";
                    assertThat(replies).allMatch(r -> r.startsWith(mine), "starts with '" + mine + "'");
                }
                Set<Integer> sessionPorts =
                        server.drain().stream().map(d -> d.from().getPort()).collect(Collectors.toSet());
                assertThat(sessionPorts).as("one session socket per client").hasSize(clients);
                assertThat(relay.sessionCount()).isEqualTo(clients);
            } finally {
                peers.forEach(Peer::close);
            }
        }
    }

    @Test
    void describesTheImpairmentForStudents() throws IOException {
        Impairment lossy = Impairment.none().loss(0.30).delay(Duration.ofMillis(100), Duration.ofMillis(20));
        try (Peer server = Peer.sink();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(42)
                        .both(lossy)
                        .upstream(lossy.duplicate(0.1))
                        .start()) {
            assertThat(relay.describe())
                    .isEqualTo("UDP relay (seed 42): upstream loss 30%, delay 100 ms ± 20 ms, "
                            + "duplicate 10%; downstream loss 30%, delay 100 ms ± 20 ms");
            assertThat(relay.impairment(Direction.DOWNSTREAM)).isEqualTo(lossy);
        }
    }

    @Test
    void refusesToForwardOffThisMachine() {
        assertThatThrownBy(() -> UdpRelay.to(new InetSocketAddress("192.0.2.1", 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forwards only to an IPv4 loopback address")
                .hasMessageContaining("network traffic must stay on this machine")
                .hasMessageContaining("192.0.2.1");
        assertThatThrownBy(() -> UdpRelay.to(InetSocketAddress.createUnresolved("example.org", 7)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdpRelay.to(0)).hasMessageContaining("server port");
    }

    @Test
    void reconfiguresWhileRunning() throws IOException {
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port()).start()) {
            sendAndAwait(relay, client, "before", 10, 10);
            assertThat(server.receive(10, WAIT)).hasSize(10);

            relay.reconfigure(Impairment.none().loss(1));
            sendAndAwait(relay, client, "blackhole", 10, 20);
            Await.settled(relay, Direction.UPSTREAM);
            assertThat(relay.stats().upstream().dropped()).isEqualTo(10);

            relay.reconfigure(Direction.UPSTREAM, Impairment.none());
            sendAndAwait(relay, client, "after", 10, 30);
            List<Peer.Datagram> after = server.receive(10, WAIT);
            assertThat(after).extracting(Peer.Datagram::text).allMatch(t -> t.startsWith("after"));
            assertThat(relay.impairment(Direction.DOWNSTREAM).loss().meanLoss()).isEqualTo(1.0);
        }
    }

    @Test
    void closesIdleSessions() throws IOException {
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .sessionIdleTimeout(Duration.ofSeconds(1))
                        .start()) {
            client.send("hello", relay.port());
            server.receive(1, WAIT);
            assertThat(relay.sessionCount()).isEqualTo(1);

            Await.until("the idle session is closed", WAIT, () -> relay.sessionCount() == 0);

            client.send("hello again", relay.port()); // a new session for the same client
            assertThat(server.receive(1, WAIT).get(0).text()).isEqualTo("hello again");
        }
    }

    @Test
    void dropsDatagramsLongerThanTheMaximumSize() throws IOException {
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .upstream(Impairment.none().maxDatagramSize(10))
                        .start()) {
            client.send("this one is far too long", relay.port());
            client.send("fits", relay.port());

            assertThat(server.receive(1, WAIT).get(0).text()).isEqualTo("fits");
            Await.settled(relay, Direction.UPSTREAM);
            assertThat(relay.events(Direction.UPSTREAM))
                    .extracting(RelayEvent::action)
                    .containsExactly(RelayEvent.Action.TOO_LARGE, RelayEvent.Action.FORWARDED);
        }
    }

    @Test
    void refusesClientsBeyondTheSessionLimit() throws IOException {
        try (Peer server = Peer.sink();
                Peer first = Peer.client();
                Peer second = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port()).maxSessions(1).start()) {
            first.send("first", relay.port());
            assertThat(server.receive(1, WAIT).get(0).text()).isEqualTo("first");
            second.send("second", relay.port());
            Await.received(relay, Direction.UPSTREAM, 2);
            Await.settled(relay, Direction.UPSTREAM);

            assertThat(relay.events(Direction.UPSTREAM))
                    .extracting(RelayEvent::action)
                    .containsExactly(RelayEvent.Action.FORWARDED, RelayEvent.Action.UNDELIVERABLE);
            assertThat(relay.sessionCount()).isEqualTo(1);
        }
    }

    /** Sends {@code count} datagrams, each once the relay has read the previous one, so none queue in the kernel. */
    static void sendAndAwait(UdpRelay relay, Peer client, String prefix, int count, long receivedAfter) {
        long base = receivedAfter - count;
        for (int i = 0; i < count; i++) {
            client.send(prefix + " " + i, relay.port());
            Await.received(relay, Direction.UPSTREAM, base + i + 1);
        }
    }
}
