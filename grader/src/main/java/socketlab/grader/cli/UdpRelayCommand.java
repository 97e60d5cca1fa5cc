package socketlab.grader.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import socketlab.grader.relay.Direction;
import socketlab.grader.relay.Impairment;
import socketlab.grader.relay.Loopback;
import socketlab.grader.relay.RelayEvent;
import socketlab.grader.relay.RelayListener;
import socketlab.grader.relay.UdpRelay;

/**
 * {@code udp-relay}: the grader's UDP relay in a terminal of its own, so a student can run a lab's two
 * programs by hand through loss, delay, duplication, reordering and corruption:
 * <pre>
 *   java ... socketlab.udp.UDPPingerServer 12000                           terminal 1
 *   ./mvnw -q -pl grader -am compile exec:exec -Dkit="udp-relay --to 12000 --loss 0.3 --delay 50"   terminal 2
 *   java ... socketlab.udp.UDPPingerClient 127.0.0.1 RELAY_PORT             terminal 3
 * </pre>
 */
@Command(
        name = "udp-relay",
        mixinStandardHelpOptions = true,
        description = "Runs the kit's seeded UDP relay on 127.0.0.1 in front of a server, until Ctrl-C: clients send"
                + " to the port it prints, and every datagram, both ways, goes through the impairment given.")
public final class UdpRelayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "PORT", description = "the server's port on 127.0.0.1")
    private int serverPort;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "seed of every random decision (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(
            names = "--loss",
            defaultValue = "0",
            paramLabel = "P",
            description = "drop each datagram with probability P (0..1)")
    private double loss;

    @Option(
            names = "--delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "delay each datagram by MS milliseconds")
    private long delayMillis;

    @Option(
            names = "--jitter",
            defaultValue = "0",
            paramLabel = "MS",
            description = "add up to ± MS milliseconds to the delay")
    private long jitterMillis;

    @Option(
            names = "--duplicate",
            defaultValue = "0",
            paramLabel = "P",
            description = "send a second copy with probability P")
    private double duplicate;

    @Option(
            names = "--reorder",
            defaultValue = "0",
            paramLabel = "P",
            description = "hold a datagram back behind the next with probability P")
    private double reorder;

    @Option(
            names = "--corrupt",
            defaultValue = "0",
            paramLabel = "P",
            description = "flip a bit of a datagram with probability P")
    private double corrupt;

    @Option(
            names = "--one-way",
            description = "impair only the datagrams from clients to the server (as the textbook's pinger lab)")
    private boolean oneWay;

    @Option(
            names = "--pcap",
            paramLabel = "FILE",
            description = "write what the relay carried into FILE, a capture to open in"
                    + " Wireshark (every datagram it read, lost ones too, and each copy it added)")
    private java.nio.file.Path pcapFile;

    @Override
    public Integer call() throws Exception {
        check("--to", serverPort >= 1 && serverPort <= 65535, "a port from 1 to 65535", serverPort);
        check("--delay", delayMillis >= 0 && delayMillis <= 60_000, "0 to 60000 milliseconds", delayMillis);
        check("--jitter", jitterMillis >= 0 && jitterMillis <= 60_000, "0 to 60000 milliseconds", jitterMillis);
        for (Object[] option : new Object[][] {
            {"--loss", loss}, {"--duplicate", duplicate}, {"--reorder", reorder}, {"--corrupt", corrupt}
        }) {
            double p = (double) option[1];
            check((String) option[0], p >= 0 && p <= 1, "a probability from 0 to 1", p);
        }
        Impairment impairment = Impairment.none()
                .loss(loss)
                .delay(Duration.ofMillis(delayMillis), Duration.ofMillis(jitterMillis))
                .duplicate(duplicate)
                .reorder(reorder)
                .corrupt(corrupt);
        Capture capture = pcapFile == null ? null : Capture.to(pcapFile, serverPort);
        UdpRelay relay = UdpRelay.to(serverPort)
                .seed(seed)
                .upstream(impairment)
                .downstream(oneWay ? Impairment.none() : impairment)
                .listener(capture == null ? RelayListener.NONE : capture)
                .start();
        if (capture != null) {
            capture.started(relay.startedAtNanos());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println();
                            System.out.println("What the relay did: " + relay.summary());
                            relay.close();
                            if (capture != null) {
                                capture.close();
                                System.out.println("Capture: " + pcapFile.toAbsolutePath() + " (open it in Wireshark)");
                            }
                            stopped.countDown();
                        },
                        "udp-relay-stop"));
        System.out.println(relay.describe());
        System.out.println("Clients send to 127.0.0.1:" + relay.port() + " (the server is at 127.0.0.1:" + serverPort
                + "). Ctrl-C stops the relay.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Writes each datagram the relay handles into a capture, between the client's and the server's addresses (the
     * relay's own ports left out, so that Wireshark's "Follow UDP stream" shows the whole conversation).
     */
    private static final class Capture implements RelayListener {
        private final socketlab.grader.pcap.Pcap pcap;
        private final java.net.InetSocketAddress server;
        private final long epochMicrosAtStart = System.currentTimeMillis() * 1000;
        private final long nanosAtStart = System.nanoTime();
        private volatile long relayStart;
        private volatile boolean failed;

        private Capture(socketlab.grader.pcap.Pcap pcap, int serverPort) {
            this.pcap = pcap;
            this.server = new java.net.InetSocketAddress(Loopback.ADDRESS, serverPort);
        }

        static Capture to(java.nio.file.Path file, int serverPort) {
            try {
                return new Capture(
                        new socketlab.grader.pcap.Pcap(
                                new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))),
                        serverPort);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--pcap: cannot write " + file + ": " + e.getMessage());
            }
        }

        void started(long relayStartNanos) {
            relayStart = relayStartNanos;
        }

        @Override
        public void carried(RelayEvent event, byte[] payload) {
            boolean copy = event.action() == RelayEvent.Action.DUPLICATE_FORWARDED;
            long nanos = relayStart + (copy ? event.sentNanos() : event.receivedNanos());
            long micros = epochMicrosAtStart + (nanos - nanosAtStart) / 1000;
            boolean up = event.direction() == Direction.UPSTREAM;
            java.net.InetSocketAddress from = up ? event.client() : server;
            java.net.InetSocketAddress to = up ? server : event.client();
            try {
                pcap.udp(
                        micros,
                        from.getAddress(),
                        from.getPort(),
                        to.getAddress(),
                        to.getPort(),
                        payload,
                        payload.length);
            } catch (java.io.IOException e) {
                if (!failed) {
                    failed = true;
                    System.err.println("udp-relay: the capture stopped: " + e.getMessage());
                }
            }
        }

        void close() {
            try {
                pcap.close();
            } catch (java.io.IOException e) {
                System.err.println("udp-relay: the capture could not be finished: " + e.getMessage());
            }
        }
    }

    /** Refuses an option's value in the option's own terms ("--to must be a port from 1 to 65535, not 70000"). */
    private void check(String option, boolean valid, String expected, Object value) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), option + " must be " + expected + ", not " + value);
        }
    }
}
