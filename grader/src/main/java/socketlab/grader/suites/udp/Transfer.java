package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.DirectionStats;
import socketlab.grader.relay.Impairment;
import socketlab.udp.RdtReceiver;

/**
 * One reliable transfer: a student's sender (rdt 3.0 or Go-Back-N) sends seeded random bytes through the relay to a
 * receiver: the student's {@link RdtReceiver}, or the grader's own ({@link #toGradersReceiver()}) when the test is
 * about the sender alone. Each side runs on a thread of its own, under a time limit; what either side throws is passed
 * on as it is, so the feedback shows where in the student's code it happened. When the transfer does not end, the
 * relay's log says which side stopped it.
 */
final class Transfer {

    /** Opens the student's sender towards the relay's port (on the test's thread: its exceptions pass through). */
    @FunctionalInterface
    interface Opener<T extends Closeable> {
        T open(String host, int port) throws Exception;
    }

    /** Runs the sender's send(data). */
    @FunctionalInterface
    interface Sending<T> {
        void send(T sender, byte[] data) throws Exception;
    }

    /** What happened: the bytes delivered, how long the sender took, and what the relay carried. */
    record Result(
            byte[] sent,
            byte[] delivered,
            Duration senderTime,
            DirectionStats upstream,
            DirectionStats downstream,
            RdtLog log) {}

    /**
     * The grader's receiver waits this long after the FIN: longer than a student's, so a slow FIN is still answered.
     */
    private static final Duration GRADERS_LINGER = Duration.ofSeconds(2);

    private final String senderName;
    private Impairment upstream = Impairment.none();
    private Impairment downstream = Impairment.none();
    private Duration senderLimit = Duration.ofSeconds(20);
    private boolean gradersReceiver;

    private Transfer(String senderName) {
        this.senderName = senderName;
    }

    static Transfer with(String senderName) {
        return new Transfer(senderName);
    }

    Transfer upstream(Impairment impairment) {
        this.upstream = impairment;
        return this;
    }

    Transfer downstream(Impairment impairment) {
        this.downstream = impairment;
        return this;
    }

    Transfer both(Impairment impairment) {
        this.upstream = impairment;
        this.downstream = impairment;
        return this;
    }

    Transfer senderLimit(Duration limit) {
        this.senderLimit = limit;
        return this;
    }

    /** Sends to the grader's own receiver (as the handout specifies one), so that only the sender is tested. */
    Transfer toGradersReceiver() {
        this.gradersReceiver = true;
        return this;
    }

    /** Seeded random bytes for a transfer of {@code size} bytes. */
    static byte[] payload(int size) {
        byte[] data = new byte[size];
        new Random(Trace.current().seed() ^ size).nextBytes(data);
        return data;
    }

    <T extends Closeable> Result run(byte[] data, Opener<T> opener, Sending<T> sending) throws Throwable {
        return run(data, opener, sending, port -> {});
    }

    /** Runs the transfer; {@code atReceiver} gets the receiver's own port first (to send it stray datagrams). */
    <T extends Closeable> Result run(byte[] data, Opener<T> opener, Sending<T> sending, IntConsumer atReceiver)
            throws Throwable {
        Trace trace = Trace.current();
        trace.wire("the grader sends " + data.length + " bytes (SHA-256 "
                + RdtReference.sha256(data).substring(0, 16)
                + "…) with your " + senderName + " to "
                + (gradersReceiver ? "the grader's own receiver (a correct one)" : "your RdtReceiver")
                + ", through the relay");
        try (Receiving receiver = gradersReceiver ? new GradersReceiving() : new StudentReceiving();
                ImpairedLink link = ImpairedLink.rdt(receiver.port(), upstream, downstream)) {
            if (gradersReceiver) {
                trace.recorder().studentIsClient();
            }
            trace.recorder()
                    .lanes("your " + senderName, gradersReceiver ? "the grader's receiver" : "your RdtReceiver");
            atReceiver.accept(receiver.port());
            try (T sender = opener.open("127.0.0.1", link.port())) {
                long senderNanos = runSender(sender, sending, data, link, receiver);
                Duration wait = receiver.lingerBound().plusSeconds(5);
                byte[] delivered = receiver.await(wait);
                if (delivered == null) {
                    throw new AssertionError(unfinished(link, data, wait));
                }
                link.settle(Duration.ofSeconds(2));
                Result result = new Result(
                        data,
                        delivered,
                        Duration.ofNanos(senderNanos),
                        link.relay().stats().upstream(),
                        link.relay().stats().downstream(),
                        RdtLog.of(link.relay()));
                trace.wire("your " + senderName + " returned after "
                        + result.senderTime().toMillis() + " ms; it sent "
                        + result.upstream().received() + " datagrams, " + (gradersReceiver ? "the grader's" : "your")
                        + " receiver sent " + result.downstream().received() + " ACKs; " + delivered.length
                        + " bytes were delivered");
                return result;
            }
        }
    }

    /** What the grader's sender achieved with the student's receiver. */
    record ReceiverResult(byte[] sent, ReferenceSender.Outcome outcome, byte[] delivered, RdtLog log) {}

    /**
     * The grader's own rdt 3.0 sender (a correct one) sends {@code data} through the relay to the student's
     * RdtReceiver, so that what goes wrong is the receiver's.
     */
    static ReceiverResult toStudentsReceiver(byte[] data, Impairment upstream, Impairment downstream, int timeoutMillis)
            throws Throwable {
        Trace trace = Trace.current();
        int packets = RdtReference.packetsFor(data.length);
        trace.wire("the grader's own rdt 3.0 sender (a correct one, timer " + timeoutMillis + " ms, at most "
                + ReferenceSender.MAX_TRIES + " tries per packet) sends " + data.length + " bytes (" + packets
                + " packets, the last the FIN) to your RdtReceiver, through the relay");
        try (StudentReceiving receiver = new StudentReceiving();
                ImpairedLink link = ImpairedLink.rdt(receiver.port(), upstream, downstream)) {
            trace.recorder().lanes("the grader's sender", "your RdtReceiver");
            ReferenceSender.Outcome outcome = ReferenceSender.send(link.port(), data, timeoutMillis);
            link.settle(Duration.ofSeconds(1));
            if (!outcome.finished()) {
                if (receiver.returned()) {
                    receiver.await(Duration.ZERO); // what receive() threw, if it threw, is the feedback
                }
                throw new AssertionError(
                        "the grader's sender gave up on " + RdtReference.nameOf(outcome.stuckAt(), packets)
                                + " after " + ReferenceSender.MAX_TRIES + " tries without its ACK. What the relay saw: "
                                + RdtLog.of(link.relay()).diagnose(packets, receiver.returned()));
            }
            Duration wait = receiver.lingerBound().plusSeconds(5);
            byte[] delivered = receiver.await(wait);
            if (delivered == null) {
                throw new AssertionError("RdtReceiver.receive() had not returned " + wait.toSeconds() + " s after the"
                        + " grader's sender had the FIN's ACK. After acknowledging the FIN it should linger "
                        + RdtReceiver.LINGER_MILLIS + " ms past the last datagram, then return what it received.");
            }
            link.settle(Duration.ofSeconds(2));
            trace.wire("the grader's sender sent " + RdtLog.of(link.relay()).describeSent() + "; your receiver sent "
                    + link.relay().stats().downstream().received() + " ACKs and returned " + delivered.length
                    + " bytes");
            return new ReceiverResult(data, outcome, delivered, RdtLog.of(link.relay()));
        }
    }

    /** Runs send() on a thread of its own, under the limit; returns how long it took. */
    private <T extends Closeable> long runSender(
            T sender, Sending<T> sending, byte[] data, ImpairedLink link, Receiving receiver) throws Throwable {
        return sendWithin(
                senderName,
                sender,
                sending,
                data,
                senderLimit,
                () -> "What the relay saw: " + whoStopped(link, data, receiver));
    }

    /**
     * Runs {@code sending} on a thread of its own; returns how long it took. If it gives up (an IOException) or has not
     * returned within {@code limit}, fails with {@code explain}'s account of why.
     */
    static <T> long sendWithin(
            String senderName,
            T sender,
            Sending<T> sending,
            byte[] data,
            Duration limit,
            java.util.function.Supplier<String> explain)
            throws Throwable {
        Trace trace = Trace.current();
        CompletableFuture<Long> sent = new CompletableFuture<>();
        Thread sendingThread = new Thread(
                () -> {
                    long start = System.nanoTime();
                    try {
                        sending.send(sender, data);
                        sent.complete(System.nanoTime() - start);
                    } catch (Throwable t) {
                        sent.completeExceptionally(t);
                    }
                },
                "rdt-sender-under-test");
        sendingThread.setDaemon(true);
        sendingThread.start();
        try {
            return sent.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            trace.program(senderName + ".send() threw " + e.getCause());
            if (e.getCause() instanceof IOException gaveUp) {
                throw new AssertionError(
                        senderName + ".send() gave up (\"" + gaveUp.getMessage() + "\"). " + explain.get(), gaveUp);
            }
            throw e.getCause();
        } catch (TimeoutException e) {
            trace.program(senderName + ".send() had not returned after " + limit.toSeconds() + " s");
            throw new AssertionError(senderName + ".send() had not returned after " + limit.toSeconds()
                    + " s (" + data.length + " bytes to send; a correct sender needs a small part of that here). "
                    + explain.get() + " (Is the sender waiting for an ACK that was lost, without a timeout?)");
        }
    }

    /**
     * Why the receiver has not finished though send() returned: the sender returned too early, or the receiver hangs.
     */
    private String unfinished(ImpairedLink link, byte[] data, Duration waited) {
        link.settle(Duration.ofSeconds(1));
        RdtLog log = RdtLog.of(link.relay());
        int fin = RdtReference.packetsFor(data.length) - 1;
        if (!log.reachedReceiver(fin)) {
            return senderName + ".send() returned, but no FIN ever reached the receiver (your sender sent "
                    + log.copiesOf(fin) + " and the relay lost " + (log.copiesOf(fin) == 1 ? "it" : "them") + "), so it"
                    + " is still waiting: send() may return only once the FIN's ACK has come. It sent: "
                    + log.describeSent();
        }
        if (gradersReceiver) {
            return "the grader's receiver has not finished although " + senderName
                    + ".send() returned: packets before the" + " FIN never reached it. It sent: " + log.describeSent();
        }
        return "RdtReceiver.receive() had not returned " + waited.toSeconds() + " s after " + senderName
                + ".send() did,"
                + " though the FIN reached it. After acknowledging the FIN it should linger "
                + RdtReceiver.LINGER_MILLIS
                + " ms past the last datagram, then return what it received.";
    }

    /** Who kept the transfer from ending: the sender, or the receiver (which the sender's own message cannot tell). */
    private static String whoStopped(ImpairedLink link, byte[] data, Receiving receiver) {
        link.settle(Duration.ofSeconds(1));
        return RdtLog.of(link.relay()).diagnose(RdtReference.packetsFor(data.length), receiver.returned());
    }

    /** The delivered bytes must be exactly the sent ones. */
    static void assertDeliveredExactly(Result result) {
        assertDeliveredExactly(result.sent(), result.delivered());
    }

    /** The delivered bytes must be exactly the sent ones. */
    static void assertDeliveredExactly(byte[] sent, byte[] delivered) {
        int diff = RdtReference.firstDifference(sent, delivered);
        assertThat(diff)
                .as("the first byte where what the receiver delivered (" + delivered.length + " bytes, SHA-256 "
                        + RdtReference.sha256(delivered) + ") differs from what was sent (" + sent.length
                        + " bytes, SHA-256 "
                        + RdtReference.sha256(sent) + "); -1 means none"
                        + (diff >= 0
                                ? ". Byte " + diff + " is packet " + diff / RdtReference.MAX_PAYLOAD
                                        + ": lost, duplicated, out of order or corrupted data got through there"
                                : ""))
                .isEqualTo(-1);
    }

    /** The receiving side of a transfer. */
    private interface Receiving extends AutoCloseable {
        int port();

        /**
         * What it delivered, or null if it has not finished within {@code wait}; what the student's throws passes on.
         */
        byte[] await(Duration wait) throws Throwable;

        boolean returned();

        /** How long after the last datagram it may take to finish. */
        Duration lingerBound();

        @Override
        void close();
    }

    /** The student's RdtReceiver, receiving on a thread of its own. */
    private static final class StudentReceiving implements Receiving {
        private final RdtReceiver receiver;
        private final CompletableFuture<byte[]> received = new CompletableFuture<>();

        StudentReceiving() throws IOException {
            receiver = new RdtReceiver(0);
            Thread receiving = new Thread(
                    () -> {
                        try {
                            received.complete(receiver.receive());
                        } catch (Throwable t) {
                            received.completeExceptionally(t);
                        }
                    },
                    "rdt-receiver-under-test");
            receiving.setDaemon(true);
            receiving.start();
        }

        @Override
        public int port() {
            return receiver.port();
        }

        @Override
        public byte[] await(Duration wait) throws Throwable {
            try {
                return received.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Trace.current().program("RdtReceiver.receive() threw " + e.getCause());
                throw e.getCause();
            } catch (TimeoutException e) {
                return null;
            }
        }

        @Override
        public boolean returned() {
            return received.isDone();
        }

        @Override
        public Duration lingerBound() {
            return Duration.ofMillis(RdtReceiver.LINGER_MILLIS);
        }

        @Override
        public void close() {
            receiver.close();
        }
    }

    /** The grader's receiver: a correct one, so what goes wrong is the sender's. */
    private static final class GradersReceiving implements Receiving {
        private final ReferenceReceiver receiver = ReferenceReceiver.start(GRADERS_LINGER);

        @Override
        public int port() {
            return receiver.port();
        }

        @Override
        public byte[] await(Duration wait) throws InterruptedException {
            return receiver.awaitDelivered(wait);
        }

        @Override
        public boolean returned() {
            return false;
        }

        @Override
        public Duration lingerBound() {
            return GRADERS_LINGER;
        }

        @Override
        public void close() {
            receiver.close();
        }
    }
}
