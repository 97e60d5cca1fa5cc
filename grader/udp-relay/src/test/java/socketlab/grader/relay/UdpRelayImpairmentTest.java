package socketlab.grader.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlab.grader.relay.UdpRelayForwardingTest.sendAndAwait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UdpRelayImpairmentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theSameSeedReplaysTheSameDecisionsAndAnotherSeedDoesNot() throws IOException {
        long seed = TestSeed.forTest("replay", 20261121L);
        Impairment impairment = Impairment.none().loss(0.3).duplicate(0.1).corrupt(0.1, 4);

        List<String> first = decisions(seed, impairment, false);
        List<String> second = decisions(seed, impairment, false);
        List<String> otherSeed = decisions(seed + 1, impairment, false);

        assertThat(second).as("same seed, same datagrams").isEqualTo(first);
        assertThat(otherSeed).as("another seed").isNotEqualTo(first);
        assertThat(first).anyMatch(d -> d.contains("LOST")).anyMatch(d -> d.contains("DUPLICATE"));
    }

    @Test
    void trafficInOneDirectionDoesNotShiftTheOthersDecisions() throws IOException {
        long seed = TestSeed.forTest("independentDirections", 99L);
        Impairment impairment = Impairment.none().loss(0.3).duplicate(0.1);

        List<String> withoutReplies = decisions(seed, impairment, false);
        List<String> withReplies = decisions(seed, impairment, true);

        assertThat(withReplies).isEqualTo(withoutReplies);
    }

    /** Runs 200 datagrams upstream and returns what happened to each, by index, timestamps left out. */
    private static List<String> decisions(long seed, Impairment impairment, boolean serverReplies) throws IOException {
        try (Peer server = serverReplies ? Peer.echoServer() : Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay =
                        UdpRelay.to(server.port()).seed(seed).both(impairment).start()) {
            sendAndAwait(relay, client, "datagram", 200, 200);
            Await.settled(relay, Direction.UPSTREAM);
            return relay.events(Direction.UPSTREAM).stream()
                    .sorted(Comparator.comparingLong(RelayEvent::index).thenComparing(RelayEvent::action))
                    .map(e -> e.index() + " " + e.action() + " flipped " + e.flippedBits())
                    .collect(Collectors.toList());
        }
    }

    @Test
    void lossRateStaysWithinBinomialBounds() throws IOException {
        long seed = TestSeed.forTest("lossStatistics", 5L);
        int n = 4000;
        double p = 0.3;
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(seed)
                        .upstream(Impairment.none().loss(p))
                        .start()) {
            sendWindowed(relay, client, n);
            Await.settled(relay, Direction.UPSTREAM);

            DirectionStats up = relay.stats().upstream();
            double sd = Math.sqrt(n * p * (1 - p));
            assertThat((double) up.dropped()).isBetween(n * p - 6 * sd, n * p + 6 * sd);
            assertThat(up.forwarded()).isEqualTo(n - up.dropped());
            assertThat(server.receive((int) up.forwarded(), WAIT)).hasSize((int) up.forwarded());
            assertThat(relay.events(Direction.UPSTREAM).stream()
                            .filter(RelayEvent::dropped)
                            .count())
                    .isEqualTo(up.dropped());
        }
    }

    @Test
    void delaysEveryDatagramByAtLeastTheConfiguredDelay() throws IOException {
        Duration delay = Duration.ofMillis(100);
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .upstream(Impairment.none().delay(delay))
                        .start()) {
            Map<String, Long> sentAt = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                sentAt.put("d" + i, System.nanoTime());
                client.send("d" + i, relay.port());
            }
            List<Peer.Datagram> arrived = server.receive(20, WAIT);

            for (Peer.Datagram d : arrived) {
                long latency = d.arrivedNanos() - sentAt.get(d.text());
                assertThat(latency)
                        .as("latency of " + d.text())
                        .isGreaterThanOrEqualTo(delay.toNanos() - 1_000_000L) // timer tolerance
                        .isLessThan(delay.toNanos() + 2_000_000_000L); // loaded machine
            }
            Await.settled(relay, Direction.UPSTREAM);
            assertThat(relay.stats().upstream().delayed()).isEqualTo(20);
            assertThat(relay.events(Direction.UPSTREAM)).allSatisfy(e -> {
                assertThat(e.plannedDelayNanos()).isEqualTo(delay.toNanos());
                assertThat(e.actualDelay()).isGreaterThanOrEqualTo(delay);
            });
        }
    }

    @Test
    void jitterSpreadsDelaysAcrossTheConfiguredRange() throws IOException {
        long seed = TestSeed.forTest("jitter", 3L);
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(seed)
                        .upstream(Impairment.none().delay(Duration.ofMillis(40), Duration.ofMillis(30)))
                        .start()) {
            sendAndAwait(relay, client, "j", 100, 100);
            server.receive(100, WAIT);
            Await.settled(relay, Direction.UPSTREAM);

            List<Long> planned = relay.events(Direction.UPSTREAM).stream()
                    .map(RelayEvent::plannedDelayNanos)
                    .collect(Collectors.toList());
            assertThat(planned).allMatch(d -> d >= 10_000_000L && d <= 70_000_000L);
            assertThat(planned.stream().mapToLong(Long::longValue).max().getAsLong()
                            - planned.stream().mapToLong(Long::longValue).min().getAsLong())
                    .as("spread of 100 uniform draws over ±30 ms")
                    .isGreaterThan(30_000_000L);
        }
    }

    @Test
    void duplicationDeliversCopies() throws IOException {
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .upstream(Impairment.none().duplicate(1))
                        .start()) {
            sendAndAwait(relay, client, "twice", 20, 20);

            Map<String, Long> copies = server.receive(40, WAIT).stream()
                    .collect(Collectors.groupingBy(Peer.Datagram::text, Collectors.counting()));
            assertThat(copies)
                    .hasSize(20)
                    .allSatisfy((text, count) -> assertThat(count).isEqualTo(2));
            Await.settled(relay, Direction.UPSTREAM);
            DirectionStats up = relay.stats().upstream();
            assertThat(up.duplicated()).isEqualTo(20);
            assertThat(up.forwarded()).isEqualTo(40);
            assertThat(relay.events(Direction.UPSTREAM))
                    .filteredOn(e -> e.action() == RelayEvent.Action.DUPLICATE_FORWARDED)
                    .hasSize(20);
        }
    }

    @Test
    void corruptionFlipsBitsAndIsCounted() throws IOException {
        long seed = TestSeed.forTest("corruption", 17L);
        byte[] original = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(seed)
                        .upstream(Impairment.none().corrupt(1, 3))
                        .start()) {
            for (int i = 0; i < 30; i++) {
                client.send(original, relay.port());
                Await.received(relay, Direction.UPSTREAM, i + 1);
            }
            List<Peer.Datagram> arrived = server.receive(30, WAIT);
            Await.settled(relay, Direction.UPSTREAM);

            List<Integer> flippedPerDatagram = new ArrayList<>();
            for (Peer.Datagram d : arrived) {
                assertThat(d.payload()).hasSameSizeAs(original);
                flippedPerDatagram.add(hammingDistance(original, d.payload()));
            }
            assertThat(flippedPerDatagram).allMatch(bits -> bits >= 1 && bits <= 3);
            assertThat(relay.stats().upstream().corrupted()).isEqualTo(30);
            assertThat(relay.events(Direction.UPSTREAM))
                    .extracting(RelayEvent::flippedBits)
                    .containsExactlyElementsOf(flippedPerDatagram);
        }
    }

    @Test
    void reorderingDeliversAHeldDatagramAfterTheNextOne() throws IOException {
        long seed = TestSeed.forTest("reorder", 8L);
        int n = 100;
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .seed(seed)
                        .upstream(Impairment.none().reorder(0.3))
                        .start()) {
            sendAndAwait(relay, client, "r", n, n);

            List<Integer> order = server.receive(n, WAIT).stream()
                    .map(d -> Integer.parseInt(d.text().substring(2)))
                    .collect(Collectors.toList());

            assertThat(order)
                    .as("every datagram arrives once")
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, n).boxed().collect(Collectors.toList()));
            assertThat(order)
                    .as("but not in order")
                    .isNotEqualTo(order.stream().sorted().collect(Collectors.toList()));
            Await.settled(relay, Direction.UPSTREAM);
            long held = relay.stats().upstream().reordered();
            assertThat(held).isPositive();
            // A held datagram arrives after its successor (the last one is released by the hold limit instead).
            relay.events(Direction.UPSTREAM).stream()
                    .filter(RelayEvent::heldBack)
                    .filter(e -> e.index() < n - 1)
                    .forEach(e -> assertThat(order.indexOf((int) e.index()))
                            .isGreaterThan(order.indexOf((int) e.index() + 1)));
        }
    }

    @Test
    void rateLimitSpacesDatagramsAndDropsWhatTheQueueCannotHold() throws IOException {
        int rate = 100;
        int queue = 5;
        try (Peer server = Peer.sink();
                Peer client = Peer.client();
                UdpRelay relay = UdpRelay.to(server.port())
                        .upstream(Impairment.none().datagramsPerSecond(rate).queueLimit(queue))
                        .start()) {
            long start = System.nanoTime();
            for (int i = 0; i < 60; i++) {
                client.send("burst " + i, relay.port());
            }
            Await.received(relay, Direction.UPSTREAM, 60);
            long burstNanos = System.nanoTime() - start;
            Await.settled(relay, Direction.UPSTREAM);

            DirectionStats up = relay.stats().upstream();
            List<Peer.Datagram> arrived = server.receive((int) up.forwarded(), WAIT);
            // At most the one on the link, the queue, and what the link served while the burst arrived.
            long served = 1 + queue + (long) Math.ceil(burstNanos * rate / 1e9);
            assertThat(up.forwarded()).isGreaterThanOrEqualTo(1 + queue).isLessThanOrEqualTo(served);
            assertThat(relay.events(Direction.UPSTREAM))
                    .filteredOn(e -> e.action() == RelayEvent.Action.QUEUE_FULL)
                    .hasSize((int) up.dropped());
            long interval = (long) (1e9 / rate);
            // The link sends the first at once and each next one a full interval later...
            List<Long> departures = relay.events(Direction.UPSTREAM).stream()
                    .filter(e -> !e.dropped())
                    .map(e -> e.receivedNanos() + e.plannedDelayNanos())
                    .sorted()
                    .collect(Collectors.toList());
            for (int i = 1; i < departures.size(); i++) {
                assertThat(departures.get(i) - departures.get(i - 1)).isGreaterThanOrEqualTo(interval);
            }
            // ...and the timer never sends early, so the last cannot arrive before (n - 1) intervals have passed.
            long lastArrival = arrived.get(arrived.size() - 1).arrivedNanos();
            assertThat(lastArrival - start)
                    .as("time for the rate-limited datagrams to arrive")
                    .isGreaterThanOrEqualTo((arrived.size() - 1) * interval);
        }
    }

    /** Sends n datagrams, never more than a window ahead of what the relay has read, so the kernel drops none. */
    static void sendWindowed(UdpRelay relay, Peer client, int n) {
        int window = 64;
        for (int i = 0; i < n; i++) {
            if (i >= window) {
                Await.received(relay, Direction.UPSTREAM, i - window + 1);
            }
            client.send("w " + i, relay.port());
        }
        Await.received(relay, Direction.UPSTREAM, n);
    }

    private static int hammingDistance(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return bits;
    }
}
