package socketlab.grader.suites.udp;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import socketlab.grader.core.BackendsUsed;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.Direction;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.PacketDecoder;
import socketlab.grader.relay.RelayEvent;
import socketlab.grader.relay.RelayListener;
import socketlab.grader.relay.Script;
import socketlab.grader.relay.UdpRelay;
import socketlab.grader.wire.Labels;
import socketlab.grader.wire.Lane;
import socketlab.grader.wire.WireEvent;

/**
 * The kit's UDP relay in front of a program, seeded with the test's seed. It names itself in the test's
 * feedback when it starts ("UDP relay (seed 42): upstream loss 30%, ...") and, when it closes, what it
 * actually did ("upstream: 10 received, 3 dropped, 7 forwarded; ..."); what a script did to a datagram goes
 * on the wire as it happens.
 */
final class ImpairedLink implements Closeable {

    private final UdpRelay relay;

    private ImpairedLink(UdpRelay relay) {
        this.relay = relay;
    }

    /** A relay to 127.0.0.1:{@code serverPort} with the same impairment both ways. */
    static ImpairedLink to(int serverPort, Impairment both) throws IOException {
        return to(serverPort, both, both);
    }

    /**
     * A relay to 127.0.0.1:{@code serverPort}: {@code upstream} from clients to the server, {@code downstream} back.
     */
    static ImpairedLink to(int serverPort, Impairment upstream, Impairment downstream) throws IOException {
        return to(serverPort, upstream, downstream, null);
    }

    /** A relay to a reliable-transfer receiver: it reads the lab's packets, for scripts and for the feedback. */
    static ImpairedLink rdt(int receiverPort, Impairment upstream, Impairment downstream) throws IOException {
        return to(receiverPort, upstream, downstream, RdtReference.DECODER);
    }

    private static ImpairedLink to(int serverPort, Impairment upstream, Impairment downstream, PacketDecoder decoder)
            throws IOException {
        UdpRelay.Builder builder = UdpRelay.to(serverPort)
                .seed(Trace.current().seed())
                .listener(reporting(Trace.current()))
                .upstream(upstream)
                .downstream(downstream);
        return new ImpairedLink((decoder == null ? builder : builder.decoder(decoder)).start());
    }

    /**
     * Names the relay and its impairment once in the test's feedback, and puts every datagram it carried on the test's
     * timeline: when it came, when it left (or that it was lost), what the relay did to it. Drops, the relay's copies
     * and corruption also get a line in the text form; a datagram its sender had sent before is marked a
     * retransmission (the sender's timer ran out).
     */
    private static RelayListener reporting(Trace trace) {
        return new RelayListener() {
            private volatile UdpRelay relay;
            private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public void configured(UdpRelay relay) {
                BackendsUsed.note(UdpRelay.BACKEND);
                boolean first = this.relay == null;
                this.relay = relay;
                trace.recorder().network("the UDP relay", "UDP");
                trace.recorder().observedPort(relay.port());
                if (first) {
                    trace.impairment(named(relay));
                }
            }

            @Override
            public void carried(RelayEvent event, byte[] payload) {
                UdpRelay relay = this.relay;
                if (relay != null) {
                    trace.wire(wireEvent(trace, relay, event, payload, firstCopy(event, payload)));
                }
            }

            /** False for a datagram its sender had sent before (a retransmission); the relay's own copies are not. */
            private boolean firstCopy(RelayEvent event, byte[] payload) {
                if (event.action() == RelayEvent.Action.DUPLICATE_FORWARDED || seen.size() > 100_000) {
                    return true;
                }
                String key = event.direction() + " " + event.client() + " "
                        + (event.packet() != null
                                ? event.packet().toString()
                                : java.util.Arrays.hashCode(payload) + ":" + payload.length);
                return seen.add(key);
            }
        };
    }

    /** The relay as the feedback names it, once: its seed and impairment, and where clients send. */
    private static String named(UdpRelay relay) {
        return relay.describe() + "; clients send to the relay at 127.0.0.1:" + relay.port();
    }

    /** One datagram the relay carried, as the test's timeline keeps it. */
    private static WireEvent wireEvent(Trace trace, UdpRelay relay, RelayEvent event, byte[] payload, boolean first) {
        boolean up = event.direction() == Direction.UPSTREAM;
        long at = trace.recorder().micros(relay.startedAtNanos() + event.receivedNanos());
        long arrive = event.dropped() ? -1 : trace.recorder().micros(relay.startedAtNanos() + event.sentNanos());
        String label = label(event, payload);
        String client = address(event.client());
        String server = address(relay.target());
        WireEvent wire = WireEvent.arrow(
                        WireEvent.Kind.DATAGRAM,
                        at,
                        arrive,
                        up ? Lane.CLIENT : Lane.SERVER,
                        up ? Lane.SERVER : Lane.CLIENT,
                        label,
                        payload)
                .between(up ? client : server, up ? server : client);
        String done = whatTheRelayDid(event);
        if (done != null) {
            wire = wire.withNetwork(done);
        }
        if (!first) {
            wire = wire.asRetransmission();
        }
        boolean worthALine = event.dropped()
                || event.action() == RelayEvent.Action.DUPLICATE_FORWARDED
                || event.corrupted()
                || event.scriptAction() instanceof Script.Action.Hold;
        if (worthALine) {
            return wire.withText(line(event, label));
        }
        return first
                ? wire
                : wire.withText("↻ " + label + " sent again" + (up ? ", on its way to the server" : ", on its way back")
                        + " (a retransmission: its sender had sent it before)");
    }

    /** {@code DATA seq=3 (1024 B)}, {@code ACK 2}, or what the payload says. */
    private static String label(RelayEvent event, byte[] payload) {
        if (event.packet() == null) {
            return Labels.of(payload);
        }
        return event.packet().kind().equals("DATA")
                ? "DATA seq=" + event.packet().seq() + " (" + event.size() + " B)"
                : event.packet().toString();
    }

    private static String whatTheRelayDid(RelayEvent event) {
        java.util.List<String> did = new java.util.ArrayList<>();
        switch (event.action()) {
            case LOST -> did.add("lost");
            case DROPPED_BY_SCRIPT -> did.add("dropped (the test's script)");
            case TOO_LARGE -> did.add("dropped: too large");
            case QUEUE_FULL -> did.add("dropped: queue full");
            case UNDELIVERABLE -> did.add("undeliverable");
            case DUPLICATE_FORWARDED -> did.add("the relay's second copy");
            default -> {}
        }
        if (event.corrupted()) {
            did.add("corrupted (" + event.flippedBits() + (event.flippedBits() == 1 ? " bit)" : " bits)"));
        }
        if (event.heldBack()) {
            did.add("held back (reordered)");
        }
        java.time.Duration delay = event.actualDelay();
        if (delay != null && delay.toMillis() >= 5) {
            did.add("delayed " + delay.toMillis() + " ms");
        }
        return did.isEmpty() ? null : String.join(", ", did);
    }

    private static String address(java.net.InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** "✂ the relay dropped ACK 2 on its way back, as the test's script says". */
    private static String line(RelayEvent event, String what) {
        String way = event.direction() == Direction.UPSTREAM ? " on its way to the server" : " on its way back";
        String why = event.scripted() ? ", as the test's script says" : "";
        if (event.action() == RelayEvent.Action.LOST) {
            return "✂ the relay lost " + what + way + " (random loss)";
        }
        if (event.dropped()) {
            return "✂ the relay dropped " + what + way + why;
        }
        if (event.action() == RelayEvent.Action.DUPLICATE_FORWARDED) {
            return "✂ the relay sent a second copy of " + what + way + why
                    + " (the relay's copy: the sender sent it once)";
        }
        if (event.corrupted()) {
            return "✂ the relay flipped " + (event.flippedBits() == 1 ? "a bit" : event.flippedBits() + " bits")
                    + " of " + what + way + why;
        }
        return "✂ the relay held " + what + way + " for " + event.plannedDelayNanos() / 1_000_000 + " ms" + why;
    }

    /** The port clients send to instead of the server's. */
    int port() {
        return relay.port();
    }

    UdpRelay relay() {
        return relay;
    }

    /**
     * Waits (at most {@code limit}) until no datagram is waiting in the relay any more -- delayed, held back
     * or queued -- so that its event log tells the whole story of what was sent. True if it got there.
     */
    boolean settle(Duration limit) {
        try {
            return relay.awaitSettled(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        relay.close();
        Trace.current().impairment(named(relay), named(relay) + "; what it did: " + relay.summary());
    }
}
