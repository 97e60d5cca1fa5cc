package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlab.grader.relay.UdpRelayForwardingTest.sendAndAwait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UdpRelayScriptTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern TEXT_PACKET = Pattern.compile("([A-Z]+) (\\d+)");
    /** The test's packet format: "DATA 3", "ACK 3". */
    private static final PacketDecoder TEXT = datagram -> {
        Matcher m = TEXT_PACKET.matcher(new String(datagram, StandardCharsets.UTF_8));
        return m.matches() ? new Packet(m.group(1), Long.parseLong(m.group(2))) : null;
    };

    @Test
    void dropsTheNthDatagramAndTheFirstCopiesOfANamedPacket() throws Exception {
        Impairment script = Impairment.none()
                .script(
                        Script.Rule.drop(Script.Match.nth(2)),
                        Script.Rule.drop(Script.Match.packet("DATA", 4)).times(2));
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .decoder(TEXT)
                        .upstream(script)
                        .start()) {
            List<String> texts = List.of("DATA 0", "DATA 1", "DATA 4", "DATA 2", "DATA 4", "DATA 4", "hello");
            for (int i = 0; i < texts.size(); i++) {
                client.send(texts.get(i), relay.port());
                Await.received(
                        relay,
                        Direction.UPSTREAM,
                        i + 1); // in order: the script counts datagrams as the relay reads them
            }
            assertThat(relay.awaitSettled(WAIT)).isTrue();
            assertThat(server.receive(4, WAIT).stream().map(Peer.Datagram::text))
                    .containsExactly("DATA 0", "DATA 2", "DATA 4", "hello");
            assertThat(relay.events(Direction.UPSTREAM).stream()
                            .sorted(Comparator.comparingLong(RelayEvent::index))
                            .map(e -> e.packet() + " " + e.action() + (e.scripted() ? " (scripted)" : "")))
                    .containsExactly(
                            "DATA 0 FORWARDED",
                            "DATA 1 DROPPED_BY_SCRIPT (scripted)",
                            "DATA 4 DROPPED_BY_SCRIPT (scripted)",
                            "DATA 2 FORWARDED",
                            "DATA 4 DROPPED_BY_SCRIPT (scripted)",
                            "DATA 4 FORWARDED",
                            "null FORWARDED");
        }
    }

    @Test
    void holdsOneDatagramForExactlyItsScriptedTimeWhileOthersPassAndReplies() throws Exception {
        Duration hold = Duration.ofMillis(300);
        try (Peer server = Peer.echoServer();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .decoder(TEXT)
                        .downstream(Impairment.none().script(Script.Rule.delay(Script.Match.packet("ACK", 0), hold)))
                        .start()) {
            client.send("ACK 0", relay.port()); // the echo server sends it back: downstream, held
            client.send("ACK 1", relay.port());
            List<Peer.Datagram> replies = client.receive(2, WAIT);
            assertThat(replies.stream().map(Peer.Datagram::text))
                    .as("the held one comes last")
                    .containsExactly("ACK 1", "ACK 0");
            assertThat(relay.awaitSettled(WAIT)).isTrue();
            RelayEvent held = relay.events(Direction.DOWNSTREAM).stream()
                    .filter(e -> e.packet().seq() == 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(held.scripted()).isTrue();
            assertThat(held.actualDelay()).isGreaterThanOrEqualTo(hold).isLessThan(hold.plus(Duration.ofSeconds(2)));
            assertThat(held.plannedDelayNanos()).isEqualTo(hold.toNanos());
        }
    }

    @Test
    void duplicatesAndFlipsExactlyTheBitItIsTold() throws Exception {
        Impairment script = Impairment.none()
                .script(Script.Rule.duplicate(Script.Match.nth(1)), Script.Rule.flipBit(Script.Match.nth(2), 9));
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port()).upstream(script).start()) {
            sendAndAwait(relay, client, "x", 2, 2);
            List<String> got =
                    server.receive(3, WAIT).stream().map(Peer.Datagram::text).toList();
            assertThat(got)
                    .as("bit 9 is the second byte's bit 1: ' ' (0x20) becomes '\"' (0x22)")
                    .containsExactly("x 0", "x 0", "x\"1");
            assertThat(relay.awaitSettled(WAIT)).isTrue();
            assertThat(relay.stats().upstream().duplicated()).isEqualTo(1);
            assertThat(relay.stats().upstream().corrupted()).isEqualTo(1);
        }
    }

    @Test
    void aScriptReplaysExactlyWhateverTheSeedAndTheRandomImpairmentAround() throws Exception {
        Impairment script = Impairment.none()
                .loss(0.3)
                .duplicate(0.2)
                .script(Script.Rule.drop(Script.Match.packet("DATA", 7)), Script.Rule.drop(Script.Match.nth(3)));
        List<String> first = scripted(script, 1);
        List<String> second = scripted(script, 2);
        assertThat(first).containsExactly("2 DROPPED_BY_SCRIPT", "7 DROPPED_BY_SCRIPT");
        assertThat(second).isEqualTo(first);
    }

    private static List<String> scripted(Impairment impairment, long seed) throws Exception {
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(seed)
                        .decoder(TEXT)
                        .upstream(impairment)
                        .start()) {
            for (int i = 0; i < 20; i++) {
                client.send("DATA " + i, relay.port());
                Await.received(relay, Direction.UPSTREAM, i + 1);
            }
            Await.settled(relay, Direction.UPSTREAM);
            return relay.events(Direction.UPSTREAM).stream()
                    .filter(RelayEvent::scripted)
                    .map(e -> e.index() + " " + e.action())
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aRuleThatNamesPacketsNeedsADecoder() throws Exception {
        Impairment script = Impairment.none().script(Script.Rule.drop(Script.Match.packet("ACK", 1)));
        try (Peer server = Peer.sink()) {
            assertThatThrownBy(
                            () -> UdpRelay.to(server.port()).downstream(script).start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "a script rule that picks packets (scripted: drop the first ACK 1) needs a packet decoder:"
                                    + " give the relay one with UdpRelay.Builder.decoder(...)");
            try (UdpRelay relay = UdpRelay.to(server.port()).start()) {
                assertThatThrownBy(() -> relay.reconfigure(script)).isInstanceOf(IllegalArgumentException.class);
                relay.reconfigure(Impairment.none().script(Script.Rule.drop(Script.Match.nth(1)))); // no packet: fine
            }
        }
    }

    @Test
    void theListenerHearsTheSettingsAndEveryFateAndCannotBreakTheRelay() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        RelayListener listener = new RelayListener() {
            @Override
            public void configured(UdpRelay relay) {
                heard.add("configured: " + relay.describe());
            }

            @Override
            public void handled(RelayEvent event) {
                heard.add(event.direction().label() + " " + event.packet() + " " + event.action());
                throw new IllegalStateException("a listener that fails");
            }
        };
        try (Peer server = Peer.echoServer();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(3)
                        .decoder(TEXT)
                        .listener(listener)
                        .downstream(Impairment.none().script(Script.Rule.drop(Script.Match.packet("ACK", 2))))
                        .start()) {
            client.send("ACK 1", relay.port());
            client.receive(1, WAIT);
            client.send("ACK 2", relay.port());
            Await.received(relay, Direction.DOWNSTREAM, 2);
            assertThat(relay.awaitSettled(WAIT)).isTrue();
            relay.reconfigure(Direction.UPSTREAM, Impairment.none().loss(0.5));
            List<String> all = new ArrayList<>(heard);
            assertThat(all.get(0))
                    .isEqualTo("configured: UDP relay (seed 3): upstream no impairment; downstream scripted: drop the "
                            + "first ACK 2");
            assertThat(all.get(all.size() - 1))
                    .isEqualTo("configured: UDP relay (seed 3): upstream loss 50%; downstream scripted: drop the first "
                            + "ACK 2");
            // Each direction's thread reports its own events: between directions the order is the threads'.
            assertThat(all.subList(1, all.size() - 1))
                    .containsExactlyInAnyOrder(
                            "upstream ACK 1 FORWARDED",
                            "downstream ACK 1 FORWARDED",
                            "upstream ACK 2 FORWARDED",
                            "downstream ACK 2 DROPPED_BY_SCRIPT");
        }
    }
}
