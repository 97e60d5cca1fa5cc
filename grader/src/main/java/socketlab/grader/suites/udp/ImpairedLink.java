package socketlab.grader.suites.udp;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import socketlab.grader.core.BackendsUsed;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.RelayListener;
import socketlab.grader.relay.UdpRelay;

/**
 * The kit's UDP relay in front of a program, seeded with the test's seed. It names itself in the test's
 * feedback when it starts ("UDP relay (seed 42): upstream loss 30%, ...") and, when it closes, what it
 * actually did ("upstream: 10 received, 3 dropped, 7 forwarded; ...").
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
        UdpRelay relay = UdpRelay.to(serverPort).seed(Trace.current().seed()).listener(reporting(Trace.current()))
                .upstream(upstream).downstream(downstream).start();
        Trace.current().impairment(relay.describe() + "; clients send to the relay at 127.0.0.1:" + relay.port());
        return new ImpairedLink(relay);
    }

    /** Names the relay in the report and its impairment, each time it is set, in the test's feedback. */
    private static RelayListener reporting(Trace trace) {
        return new RelayListener() {
            @Override
            public void configured(UdpRelay relay) {
                BackendsUsed.note(UdpRelay.BACKEND);
                trace.impairment(relay.describe());
            }
        };
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
