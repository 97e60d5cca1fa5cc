package socketlab.grader.suites.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import socketlab.grader.core.Trace;
import socketlab.grader.relay.DirectionStats;
import socketlab.grader.relay.Impairment;
import socketlab.udp.RdtReceiver;

/**
 * One reliable transfer: the student's {@link RdtReceiver} behind the relay, and a student's sender
 * (rdt 3.0 or Go-Back-N) sending seeded random bytes to it through the relay. Each side runs on a
 * thread of its own, under a time limit; what either side throws is passed on as it is, so the
 * feedback shows where in the student's code it happened.
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
    record Result(byte[] sent, byte[] delivered, Duration senderTime, DirectionStats upstream, DirectionStats downstream) {
    }

    private final String senderName;
    private Impairment upstream = Impairment.none();
    private Impairment downstream = Impairment.none();
    private Duration senderLimit = Duration.ofSeconds(20);

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

    /** Seeded random bytes for a transfer of {@code size} bytes. */
    static byte[] payload(int size) {
        byte[] data = new byte[size];
        new Random(Trace.current().seed() ^ size).nextBytes(data);
        return data;
    }

    <T extends Closeable> Result run(byte[] data, Opener<T> opener, Sending<T> sending) throws Throwable {
        return run(data, opener, sending, port -> { });
    }

    /** Runs the transfer; {@code atReceiver} gets the receiver's own port first (to send it stray datagrams). */
    <T extends Closeable> Result run(byte[] data, Opener<T> opener, Sending<T> sending,
                                     java.util.function.IntConsumer atReceiver) throws Throwable {
        Trace trace = Trace.current();
        trace.wire("the grader sends " + data.length + " bytes (SHA-256 " + RdtReference.sha256(data).substring(0, 16)
                + "…) with your " + senderName + " to your RdtReceiver, through the relay");
        try (RdtReceiver receiver = new RdtReceiver(0);
             ImpairedLink link = ImpairedLink.to(receiver.port(), upstream, downstream)) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread receiving = new Thread(() -> {
                try {
                    received.complete(receiver.receive());
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            }, "rdt-receiver-under-test");
            receiving.setDaemon(true);
            receiving.start();
            atReceiver.accept(receiver.port());

            try (T sender = opener.open("127.0.0.1", link.port())) {
                CompletableFuture<Long> sent = new CompletableFuture<>();
                Thread sendingThread = new Thread(() -> {
                    long start = System.nanoTime();
                    try {
                        sending.send(sender, data);
                        sent.complete(System.nanoTime() - start);
                    } catch (Throwable t) {
                        sent.completeExceptionally(t);
                    }
                }, "rdt-sender-under-test");
                sendingThread.setDaemon(true);
                sendingThread.start();

                long senderNanos;
                try {
                    senderNanos = sent.get(senderLimit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    trace.program(senderName + ".send() threw " + e.getCause());
                    throw e.getCause();
                } catch (TimeoutException e) {
                    trace.program(senderName + ".send() had not returned after " + senderLimit.toSeconds() + " s; the relay so far: "
                            + link.relay().summary());
                    throw new AssertionError(senderName + ".send() had not returned after " + senderLimit.toSeconds()
                            + " s (" + data.length + " bytes to send; a correct sender needs a small part of that here)."
                            + " Is it waiting for an ACK that was lost, without a timeout?");
                }
                Duration linger = Duration.ofMillis(RdtReceiver.LINGER_MILLIS).plusSeconds(5);
                byte[] delivered;
                try {
                    delivered = received.get(linger.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    trace.program("RdtReceiver.receive() threw " + e.getCause());
                    throw e.getCause();
                } catch (TimeoutException e) {
                    throw new AssertionError("RdtReceiver.receive() had not returned " + linger.toSeconds() + " s after "
                            + senderName + ".send() did. After acknowledging the FIN it should linger "
                            + RdtReceiver.LINGER_MILLIS + " ms past the last datagram, then return what it received.");
                }
                link.settle(Duration.ofSeconds(2));
                Result result = new Result(data, delivered, Duration.ofNanos(senderNanos),
                        link.relay().stats().upstream(), link.relay().stats().downstream());
                trace.wire("your " + senderName + " returned after " + result.senderTime().toMillis() + " ms; it sent "
                        + result.upstream().received() + " datagrams, your receiver sent " + result.downstream().received()
                        + " ACKs; " + delivered.length + " bytes were delivered");
                return result;
            }
        }
    }

    /** The delivered bytes must be exactly the sent ones. */
    static void assertDeliveredExactly(Result result) {
        byte[] sent = result.sent();
        byte[] delivered = result.delivered();
        int diff = RdtReference.firstDifference(sent, delivered);
        assertThat(diff).as("the first byte where what RdtReceiver.receive() returned (" + delivered.length + " bytes, SHA-256 "
                + RdtReference.sha256(delivered) + ") differs from what was sent (" + sent.length + " bytes, SHA-256 "
                + RdtReference.sha256(sent) + "); -1 means none"
                + (diff >= 0 ? ". Byte " + diff + " is packet " + diff / RdtReference.MAX_PAYLOAD
                + ": lost, duplicated, out of order or corrupted data got through there" : "")).isEqualTo(-1);
    }
}
