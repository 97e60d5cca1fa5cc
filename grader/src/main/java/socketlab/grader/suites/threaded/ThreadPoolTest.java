package socketlab.grader.suites.threaded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import socketlab.grader.core.Exercise;
import socketlab.grader.core.Graded;
import socketlab.grader.core.Trace;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.harness.TcpProbe;
import socketlab.grader.toxiproxy.TcpPath;
import socketlab.threaded.PooledTCPServer;

@Exercise(lab = "lab-threaded", id = "M2", title = "A bounded thread pool with graceful shutdown")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadPoolTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final int LONG_IDLE_MILLIS = 30_000;

    @Order(1)
    @Graded(points = 1)
    @DisplayName("the pooled server answers every line in upper case")
    void answersInUpperCase() throws Exception {
        try (var server = ServerUnderTest.start(
                        () -> new PooledTCPServer(0, 4, LONG_IDLE_MILLIS), PooledTCPServer::serve);
                TcpProbe client = TcpProbe.connect(server.program().port())) {
            for (String line : List.of("pooled hello", "and again")) {
                client.send(line + (line.startsWith("and") ? "\r\n" : "\n")); // the second ends as telnet ends lines
                assertThat(client.readLine(REPLY_WAIT))
                        .as("the reply to \"" + line + "\"")
                        .contains(line.toUpperCase(Locale.ROOT));
            }
        }
    }

    @Order(2)
    @Graded(points = 3, timeoutSeconds = 45)
    @DisplayName("200 clients at once on 8 workers: every one gets its own reply, none lost or mixed up")
    void twoHundredClientsNoneLostOrMixedUp() throws Exception {
        int clients = 200;
        int workers = 8;
        SplittableRandom random = new SplittableRandom(Trace.current().seed());
        List<String> lines = new ArrayList<>();
        Map<String, Integer> whoseReply = new HashMap<>();
        for (int i = 1; i <= clients; i++) {
            String line = "client " + i + " of " + clients + ": " + word(random, 5 + random.nextInt(40));
            lines.add(line);
            whoseReply.put(line.toUpperCase(Locale.ROOT), i);
        }
        try (var server = ServerUnderTest.start(
                () -> new PooledTCPServer(0, workers, LONG_IDLE_MILLIS), PooledTCPServer::serve)) {
            int port = server.program().port();
            List<TcpProbe> open = new ArrayList<>();
            try {
                // All 200 connect before any reads its reply: 192 of them wait for a worker.
                for (int i = 0; i < clients; i++) {
                    open.add(TcpProbe.quiet(port));
                }
                for (int i = 0; i < clients; i++) {
                    open.get(i).sendLine(lines.get(i));
                    open.get(i).shutdownOutput();
                }
                Trace.current()
                        .wire("→ " + clients
                                + " clients connected at once; each sent one line (random letters from seed "
                                + Trace.current().seed() + ") and closed its sending side");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
                int lost = 0;
                int mixed = 0;
                List<String> examples = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String expected = lines.get(i).toUpperCase(Locale.ROOT);
                    String reply = open.get(i).lineBy(deadline);
                    if (reply.equals(expected)) {
                        continue;
                    }
                    Integer other = whoseReply.get(reply);
                    if (reply.startsWith("<")) {
                        lost++;
                    } else {
                        mixed++;
                    }
                    if (examples.size() < 3) {
                        examples.add("client " + (i + 1) + " expected \"" + expected + "\" but got "
                                + (other != null
                                        ? "client " + other + "'s reply"
                                        : reply.startsWith("<") ? reply : "\"" + reply + "\""));
                    }
                }
                Trace.current()
                        .wire("← " + (clients - lost - mixed) + " got their own line back in upper case, " + lost
                                + " got nothing, " + mixed + " got a wrong or mixed-up reply"
                                + (examples.isEmpty() ? "" : ": " + String.join("; ", examples)));
                assertThat(lost)
                        .as("replies lost: connections beyond the " + workers + " workers must wait in the pool's queue"
                                + " and be served when a worker is free, not dropped")
                        .isZero();
                assertThat(mixed)
                        .as("replies mixed up or wrong: each worker must use only its own connection's reader "
                                + "and writer"
                                + " (no fields shared between connections)")
                        .isZero();
            } finally {
                open.forEach(TcpProbe::close);
            }
        }
    }

    @Order(3)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("the pool is bounded: with both workers busy a third client waits, and is served when one leaves")
    void connectionsBeyondThePoolWait() throws Exception {
        int workers = 2;
        try (var server = ServerUnderTest.start(
                () -> new PooledTCPServer(0, workers, LONG_IDLE_MILLIS), PooledTCPServer::serve)) {
            int port = server.program().port();
            List<TcpProbe> holders = new ArrayList<>();
            try {
                for (int i = 1; i <= workers; i++) {
                    TcpProbe holder = TcpProbe.quiet(port);
                    holders.add(holder);
                    holder.sendLine("worker " + i + " is mine");
                    assertThat(holder.lineBy(System.nanoTime() + REPLY_WAIT.toNanos()))
                            .as("client " + i + "'s reply (with " + workers + " workers, " + workers
                                    + " clients are served at the same time)")
                            .isEqualTo("WORKER " + i + " IS MINE");
                }
                TcpProbe third = TcpProbe.quiet(port); // connected after the first two: next in line
                holders.add(third);
                third.sendLine("i can wait");
                String early = third.lineBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500));
                Trace.current()
                        .wire("⇄ 2 clients got replies and stay connected (both workers busy); a third sent \"i "
                                + "can wait\" and within"
                                + " 1.5 s got " + early);
                assertThat(early)
                        .as("what the third client got while both of the " + workers
                                + " workers were busy with the first two:"
                                + " nothing yet (it waits in the pool's queue). A reply means more than poolSize "
                                + "threads serve clients:"
                                + " is the pool Executors.newFixedThreadPool(poolSize)?")
                        .startsWith("<no reply in time");

                holders.get(0).close();
                Trace.current().wire("→ the first client closed its connection, freeing a worker");
                String late = third.lineBy(System.nanoTime() + REPLY_WAIT.toNanos());
                Trace.current().wire("← the third client got " + late);
                assertThat(late)
                        .as("the third client's reply once a worker was free (a connection beyond the pool waits; it is"
                                + " neither refused nor dropped)")
                        .isEqualTo("I CAN WAIT");
            } finally {
                holders.forEach(TcpProbe::close);
            }
        }
    }

    @Order(4)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("3 silent clients on 4 workers: the 4th worker still serves 20 others")
    void slowClientsLeaveTheFreeWorkers() throws Exception {
        int workers = 4;
        int silent = 3;
        try (var server = ServerUnderTest.start(
                () -> new PooledTCPServer(0, workers, LONG_IDLE_MILLIS), PooledTCPServer::serve)) {
            int port = server.program().port();
            List<TcpProbe> holders = new ArrayList<>();
            try {
                for (int i = 1; i <= silent; i++) {
                    TcpProbe holder = TcpProbe.quiet(port);
                    holders.add(holder);
                    holder.sendLine("slow client " + i);
                    String reply = holder.lineBy(System.nanoTime() + REPLY_WAIT.toNanos());
                    Trace.current()
                            .wire("⇄ slow client " + i + " sent \"slow client " + i + "\", got " + reply
                                    + ", then stays connected and silent");
                    assertThat(reply)
                            .as("slow client " + i + "'s first reply, while the " + (i - 1)
                                    + " slow client(s) before it stay connected: with "
                                    + workers + " workers, " + workers
                                    + " clients are served at the same time (is the pool "
                                    + "Executors.newFixedThreadPool(poolSize)?)")
                            .isEqualTo("SLOW CLIENT " + i);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Crowd.Result<Void> crowd = Crowd.run(20, deadline, client -> until -> oneLine(port, client, until));
                Trace.current()
                        .wire("⇄ 20 other clients connected at once, each sent a line and closed its side: "
                                + (20 - crowd.failed().size()) + " got their reply within 10 s"
                                + (crowd.failed().isEmpty() ? "" : " (" + crowd.firstProblems(3) + ")"));
                assertThat(crowd.failed().size())
                        .as("how many of 20 clients got no reply within 10 s while " + silent + " of the " + workers
                                + " workers were held by silent clients (the one free worker should serve "
                                + "them one after another)")
                        .isZero();
            } finally {
                holders.forEach(TcpProbe::close);
            }
        }
    }

    @Order(5)
    @Graded(points = 2, timeoutSeconds = 40)
    @DisplayName("a flood of silent clients beyond the pool delays others only until the idle timeout frees workers")
    void floodOfSilentClientsIsCutByIdleTimeout() throws Exception {
        int workers = 2;
        int flood = 6;
        int idleMillis = 1000;
        try (var server =
                ServerUnderTest.start(() -> new PooledTCPServer(0, workers, idleMillis), PooledTCPServer::serve)) {
            int port = server.program().port();
            List<TcpProbe> silentOnes = new ArrayList<>();
            try {
                for (int i = 0; i < flood; i++) {
                    TcpProbe slow = TcpProbe.quiet(port);
                    slow.send("hel"); // the start of a line, and then nothing
                    silentOnes.add(slow);
                }
                Trace.current()
                        .wire("→ " + flood
                                + " slow clients connected, each sent \"hel\" (no newline) and then nothing");
                long expectedMillis = (long) Math.ceil(flood / (double) workers) * idleMillis;
                long waitMillis = expectedMillis + 12_000;
                long start = System.nanoTime();
                try (TcpProbe client = TcpProbe.quiet(port)) {
                    client.sendLine("let me in");
                    client.shutdownOutput();
                    String reply = client.lineBy(start + TimeUnit.MILLISECONDS.toNanos(waitMillis));
                    long took = (System.nanoTime() - start) / 1_000_000;
                    Trace.current()
                            .wire("⇄ then a normal client sent \"let me in\" and got " + reply + " after " + took
                                    + " ms");
                    assertThat(reply)
                            .as("the normal client's reply, queued behind " + flood + " silent clients on " + workers
                                    + " workers with an idle timeout of " + idleMillis
                                    + " ms (it should come after about " + expectedMillis
                                    + " ms; waited " + waitMillis
                                    + " ms). Without a time limit on each line (a TimeLimit, TODO 3)"
                                    + " silent clients keep their workers forever")
                            .isEqualTo("LET ME IN");
                }
            } finally {
                silentOnes.forEach(TcpProbe::close);
            }
        }
    }

    @Order(6)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName(
            "a client sending a byte every 200 ms, and one not reading its replies, hold their workers for the idle "
                    + "timeout only")
    void slowClientsAreCutByTheTimeLimit() throws Exception {
        int idleMillis = 1000;
        try (var server = ServerUnderTest.start(() -> new PooledTCPServer(0, 2, idleMillis), PooledTCPServer::serve);
                TcpProbe trickling = TcpProbe.quiet(server.program().port());
                TcpProbe notReading = TcpProbe.quiet(server.program().port())) {
            int port = server.program().port();
            Trace.current()
                    .impairment("2 workers, idle timeout " + idleMillis
                            + " ms; one client sends \"slow...\" a byte every 200 ms"
                            + " (never a newline), another sends 16 KB lines without ever reading the replies");
            daemon("trickling-client", () -> {
                for (int i = 0; i < 300; i++) {
                    trickling.send("s");
                    Thread.sleep(200); // the client's pace is what is tested, not a wait for something to happen
                }
            });
            daemon("not-reading-client", () -> {
                String line = "x".repeat(16_000);
                for (int i = 0; i < 10_000; i++) {
                    notReading.sendLine(line);
                }
            });
            long allowedMillis = 2L * idleMillis + 5000;
            long start = System.nanoTime();
            try (TcpProbe client = TcpProbe.quiet(port)) {
                client.sendLine("let me in");
                String reply = client.lineBy(start + TimeUnit.MILLISECONDS.toNanos(allowedMillis));
                Trace.current()
                        .wire("⇄ a third client sent \"let me in\" and got " + reply + " after "
                                + (System.nanoTime() - start) / 1_000_000 + " ms");
                assertThat(reply)
                        .as("the third client's reply, with both workers held by the slow clients (allowed "
                                + allowedMillis
                                + " ms). setSoTimeout(idleTimeoutMillis) never trips while a byte comes every 200 "
                                + "ms, and"
                                + " never stops a write() to a client that does not read: give each line a TimeLimit "
                                + "(TODO 3), which"
                                + " closes the connection when the time is up")
                        .isEqualTo("LET ME IN");
            }
        }
    }

    /** Runs {@code body} on a daemon thread; it ends when its connection breaks (an UncheckedIOException). */
    private static void daemon(String name, SlowClient body) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (UncheckedIOException | InterruptedException ended) {
                        // the server hung up (or the test is over)
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    @FunctionalInterface
    private interface SlowClient {
        void run() throws InterruptedException;
    }

    @Order(7)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("close() lets a line that is on its way when it is called finish")
    void closeLetsInFlightRequestFinish() throws Exception {
        try (var server = ServerUnderTest.start(
                        () -> new PooledTCPServer(0, 4, LONG_IDLE_MILLIS), PooledTCPServer::serve);
                TcpPath path = TcpPath.to(server.program().port());
                TcpProbe client = TcpProbe.connect(path.host(), path.port())) {
            client.sendLine("first line");
            assertThat(client.readLine(REPLY_WAIT))
                    .as("the reply to the first line (before any latency or close)")
                    .contains("FIRST LINE");

            path.latencyUpstream(Duration.ofMillis(800), Duration.ZERO);
            client.sendLine("finish me");
            AtomicLong closeMillis = new AtomicLong(-1);
            AtomicReference<Throwable> closeFailure = new AtomicReference<>();
            Thread closer = new Thread(
                    () -> {
                        long start = System.nanoTime();
                        try {
                            server.closeProgram();
                        } catch (Throwable t) {
                            closeFailure.set(t);
                        }
                        closeMillis.set((System.nanoTime() - start) / 1_000_000);
                    },
                    "grader-closer");
            closer.setDaemon(true);
            closer.start();
            Trace.current()
                    .program("close() was called while \"finish me\" was still on its way (800 ms upstream latency)");

            assertThat(client.readLine(Duration.ofSeconds(8)))
                    .as("the reply to \"finish me\", sent just before close() was called:"
                            + " a graceful shutdown (pool.shutdown(), then awaitTermination) lets a conversation in "
                            + "progress finish"
                            + " instead of cutting it")
                    .contains("FINISH ME");
            client.shutdownOutput();
            closer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(closeFailure.get()).as("what close() threw").isNull();
            assertThat(closeMillis.get())
                    .as("how long close() took (ms; -1: still running 10 s after the last client left)")
                    .isBetween(0L, (long) PooledTCPServer.SHUTDOWN_GRACE_MILLIS + 5000);
        }
    }

    @Order(8)
    @Graded(points = 2, timeoutSeconds = 30)
    @DisplayName("close() ends within its deadline, even with clients still connected, and leaves no thread behind")
    void closeEndsInTimeAndLeavesNoThread() throws Exception {
        LiveThreads threads = LiveThreads.snapshot();
        int workers = 2;
        try (var server = ServerUnderTest.start(
                () -> new PooledTCPServer(0, workers, LONG_IDLE_MILLIS), PooledTCPServer::serve)) {
            int port = server.program().port();
            List<TcpProbe> held = new ArrayList<>();
            try {
                for (int i = 1; i <= workers; i++) {
                    TcpProbe c = TcpProbe.quiet(port);
                    held.add(c);
                    c.sendLine("stay " + i);
                    assertThat(c.lineBy(System.nanoTime() + REPLY_WAIT.toNanos()))
                            .as("client " + i + "'s first reply (with " + workers + " workers, " + workers
                                    + " clients are served at the same time)")
                            .isEqualTo("STAY " + i);
                }
                TcpProbe queued = TcpProbe.quiet(port);
                held.add(queued);
                queued.sendLine("am i next?");
                Trace.current()
                        .wire("→ " + workers
                                + " clients each got a reply and stay connected, silent (holding both workers);"
                                + " a third connected and sent a line (queued, waiting for a worker)");

                long start = System.nanoTime();
                server.closeProgram();
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                Trace.current().program("close() returned after " + tookMillis + " ms");
                assertThat(tookMillis)
                        .as("how long close() took (ms) with clients that never leave: it should wait at most"
                                + " SHUTDOWN_GRACE_MILLIS (" + PooledTCPServer.SHUTDOWN_GRACE_MILLIS
                                + ") for them, then close what is left")
                        .isLessThan(PooledTCPServer.SHUTDOWN_GRACE_MILLIS + 5000L);

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int i = 0; i < held.size(); i++) {
                    String who = i < workers ? "connected client " + (i + 1) : "the queued client";
                    assertThat(held.get(i).closedBy(deadline))
                            .as("whether " + who + "'s connection was closed by close()"
                                    + " (a connection left open after the server closed keeps its client "
                                    + "waiting forever)")
                            .isTrue();
                }
                assertThatThrownBy(() -> TcpProbe.connect(port).close())
                        .as("a new connection after close() (the welcoming socket should be closed: refused)")
                        .isInstanceOf(UncheckedIOException.class);

                List<String> left = threads.leftBehind(System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
                assertThat(left)
                        .as("threads your server started that are still alive after close() returned: "
                                + LiveThreads.describe(left)
                                + ". close() should shut the pool down (shutdown(), awaitTermination(), then"
                                + " shutdownNow() after closing the connections left) so that no worker "
                                + "thread stays behind")
                        .isEmpty();
            } finally {
                held.forEach(TcpProbe::close);
            }
        }
    }

    private static Void oneLine(int port, int client, long deadline) throws Exception {
        try (TcpProbe c = TcpProbe.quiet(port)) {
            String line = "client " + client + " is not slow";
            c.sendLine(line);
            c.shutdownOutput();
            String reply = c.lineBy(deadline);
            if (!reply.equals(line.toUpperCase(Locale.ROOT))) {
                throw new Crowd.Problem(
                        "sent \"" + line + "\", got " + (reply.startsWith("<") ? reply : "\"" + reply + "\""));
            }
            return null;
        }
    }

    private static String word(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
