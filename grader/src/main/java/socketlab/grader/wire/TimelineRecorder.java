package socketlab.grader.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a test's wire events in bounded memory: the first {@value #HEAD} and the last {@value #TAIL} (a failure is
 * usually near the end; a 1 MB transfer of hundreds of datagrams costs a counter for its middle), and at most
 * {@value #PAYLOAD_BUDGET} bytes of payload. Thread-safe: servers and the relay report from their own threads.
 */
public final class TimelineRecorder {

    static final int HEAD = 120;
    static final int TAIL = 240;
    static final int PAYLOAD_BUDGET = 1 << 20;

    private final long startNanos = System.nanoTime();
    private final long startEpochMicros = System.currentTimeMillis() * 1000;
    private final List<WireEvent> head = new ArrayList<>();
    private final ArrayDeque<WireEvent> tail = new ArrayDeque<>();
    private final Set<Integer> observedPorts = new HashSet<>();
    private int omitted;
    private long payloadBytes;
    private String transport;
    private String network;
    private String clientName = "client";
    private String serverName = "server";
    private Lane student = Lane.SERVER;

    /** Microseconds since the trace began. */
    public long now() {
        return micros(System.nanoTime());
    }

    /** {@code nanoTime} (a {@link System#nanoTime()} reading) as microseconds since the trace began. */
    public long micros(long nanoTime) {
        return Math.max(0, (nanoTime - startNanos) / 1000);
    }

    public synchronized void add(WireEvent event) {
        WireEvent kept = withinBudget(event);
        if (head.size() < HEAD) {
            head.add(kept);
            return;
        }
        tail.addLast(kept);
        if (tail.size() > TAIL) {
            WireEvent gone = tail.removeFirst();
            payloadBytes -= gone.payload() == null ? 0 : gone.payload().length();
            omitted++;
        }
    }

    private WireEvent withinBudget(WireEvent event) {
        if (event.payload() == null) {
            return event;
        }
        long left = PAYLOAD_BUDGET - payloadBytes;
        if (event.payload().length() <= left) {
            payloadBytes += event.payload().length();
            return event;
        }
        // Keep what fits (a capture marks the packet as cut short, as tcpdump's snap length does).
        int keep = (int) Math.max(0, left / 4 * 3 - 3);
        byte[] bytes = event.payloadBytes();
        String cut = keep <= 0
                ? null
                : Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, Math.min(keep, bytes.length)));
        payloadBytes += cut == null ? 0 : cut.length();
        return event.withPayload(cut);
    }

    /** What carried the test's traffic ("the UDP relay", "Toxiproxy"), named once the relay or proxy starts. */
    public synchronized void network(String name, String transport) {
        this.network = name;
        this.transport = transport;
    }

    /** The transport of a test's direct traffic ("UDP", "TCP"), if no relay or proxy named one. */
    public synchronized void transport(String name) {
        if (transport == null) {
            transport = name;
        }
    }

    /** Names the lanes: who is the client and who the server in this test. */
    public synchronized void lanes(String client, String server) {
        this.clientName = client;
        this.serverName = server;
    }

    /** The student's program is the client here (a grader's server tests it); by default it is the server. */
    public synchronized void studentIsClient() {
        student = Lane.CLIENT;
        lanes("your client", serverName.equals("server") ? "the grader's server" : serverName);
    }

    /** The student's program is the server here, tested by the grader's client. */
    public synchronized void studentIsServer() {
        student = Lane.SERVER;
        lanes(clientName.equals("client") ? "the grader's client" : clientName, "your server");
    }

    /** The lane of the student's program (where what it prints is drawn). */
    public synchronized Lane studentLane() {
        return student;
    }

    /**
     * A port whose traffic a relay or proxy reports itself: a probe talking to it notes its datagrams in the text form
     * only, since the relay's own events draw them (with what it did to them).
     */
    public synchronized void observedPort(int port) {
        observedPorts.add(port);
    }

    /**
     * What a grader's server may say of a datagram it received: with a relay between, it cannot tell the client's
     * datagram from the relay's copy of it, so it says what it received (the relay's own lines say which copies
     * were the relay's).
     */
    public synchronized String receivedFromClient() {
        return network == null ? "your client sent" : "the grader's server received (through the relay)";
    }

    public synchronized boolean observed(int port) {
        return observedPorts.contains(port);
    }

    public synchronized Timeline snapshot() {
        // Threads report a little out of order: each part in time order, the omitted ones between them.
        List<WireEvent> events = new ArrayList<>(head);
        events.sort(java.util.Comparator.comparingLong(WireEvent::atMicros));
        int omittedAt = events.size();
        List<WireEvent> last = new ArrayList<>(tail);
        last.sort(java.util.Comparator.comparingLong(WireEvent::atMicros));
        events.addAll(last);
        return new Timeline(transport, network, clientName, serverName, startEpochMicros, events, omittedAt, omitted);
    }
}
