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

    /** A relay to 127.0.0.1:{@code serverPort}: {@code upstream} from clients to the server, {@code downstream} back. */
    static ImpairedLink to(int serverPort, Impairment upstream, Impairment downstream) throws IOException {
        return to(serverPort, upstream, downstream, null);
    }

    /** A relay to a reliable-transfer receiver: it reads the lab's packets, for scripts and for the feedback. */
    static ImpairedLink rdt(int receiverPort, Impairment upstream, Impairment downstream) throws IOException {
        return to(receiverPort, upstream, downstream, RdtReference.DECODER);
    }

    private static ImpairedLink to(int serverPort, Impairment upstream, Impairment downstream, PacketDecoder decoder)
            throws IOException {
        UdpRelay.Builder builder = UdpRelay.to(serverPort).seed(Trace.current().seed()).listener(reporting(Trace.current()))
                .upstream(upstream).downstream(downstream);
        return new ImpairedLink((decoder == null ? builder : builder.decoder(decoder)).start());
    }

    /** Names the relay in the report and its impairment, each time it is set, in the test's feedback. */
    private static RelayListener reporting(Trace trace) {
        return new RelayListener() {
            @Override
            public void configured(UdpRelay relay) {
                BackendsUsed.note(UdpRelay.BACKEND);
                trace.impairment(relay.describe() + "; clients send to the relay at 127.0.0.1:" + relay.port());
            }

            @Override
            public void handled(RelayEvent event) {
                if (event.scripted() && event.action() != RelayEvent.Action.FORWARDED
                        || event.scriptAction() instanceof Script.Action.Hold
                        || event.scriptAction() instanceof Script.Action.FlipBit) {
                    trace.wire(scripted(event));
                }
            }
        };
    }

    /** "✂ the relay dropped ACK 2 on its way to the client, as the test's script says". */
    private static String scripted(RelayEvent event) {
        String what = event.packet() != null ? event.packet().toString() : "datagram " + (event.index() + 1);
        String way = event.direction() == Direction.UPSTREAM ? " on its way to the server" : " on its way back";
        if (event.dropped()) {
            return "✂ the relay dropped " + what + way + ", as the test's script says";
        }
        if (event.scriptAction() instanceof Script.Action.FlipBit) {
            return "✂ the relay flipped a bit of " + what + way + ", as the test's script says";
        }
        if (event.action() == RelayEvent.Action.DUPLICATE_FORWARDED) {
            return "✂ the relay sent a second copy of " + what + way + ", as the test's script says";
        }
        return "✂ the relay held " + what + way + " for " + event.plannedDelayNanos() / 1_000_000 + " ms, as the test's"
                + " script says";
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
        Trace.current().impairment("what the relay did: " + relay.summary());
        relay.close();
    }
}
