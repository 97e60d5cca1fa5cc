package socketlab.grader.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.suites.web.Site;
import socketlab.tcp.StatsServer;
import socketlab.tcp.TCPServer;
import socketlab.threaded.PooledTCPServer;
import socketlab.threaded.ThreadedTCPServer;
import socketlab.udp.RdtReceiver;
import socketlab.udp.RdtSender;
import socketlab.udp.UDPPingerServer;
import socketlab.udp.UDPServer;
import socketlab.udp.UDPStatsServer;

/**
 * The labs' servers (the solutions, in this JVM) against hostile clients: a 10 MB line, 1000 held
 * connections, a silent client, slowloris, a client that does not read, a request with a body, garbage
 * and oversized datagrams. For each: the server stays up, the heap it keeps stays bounded, the threads it
 * started end once the clients are gone, and a well-behaved client is served within the bound the
 * handouts give: at once where every connection has a thread (M1, M3), after each connection ahead of
 * it has had its time limit where one thread serves them all (T1, T2, T3), or a pool's worth at a time
 * (M2). The servers run with short time limits ({@link Attack#limitMillis}) so that this takes seconds.
 */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class HostileClientsTest {

    private static final int POOL = 50;
    private static final int HELD = 1000;
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final long MEMORY_MARGIN = 16L * 1024 * 1024;
    private static final long SEED = 1414;

    @TempDir
    static Path www;

    /** A lab's TCP server as this test drives it. */
    record Server(String name, int workers, boolean http, BiFunction<Path, Integer, Site> start) {

        /** How long a good client may wait with {@code ahead} slow connections before it: the handouts' bound. */
        Duration bound(int ahead, int limitMillis) {
            long turns = workers == 0 ? 0 : (ahead + workers - 1) / workers;
            return SLACK.plusMillis(turns * limitMillis);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Server> servers() {
        return List.of(
                new Server(
                        "T1 TCPServer",
                        1,
                        false,
                        (root, limit) -> start(() -> new TCPServer(0, limit), TCPServer::serve, TCPServer::port)),
                new Server(
                        "T2 StatsServer",
                        1,
                        false,
                        (root, limit) -> start(() -> new StatsServer(0, limit), StatsServer::serve, StatsServer::port)),
                new Server(
                        "T3 WebServer",
                        1,
                        true,
                        (root, limit) -> start(
                                () -> new socketlab.tcp.WebServer(0, root, limit),
                                socketlab.tcp.WebServer::serve,
                                socketlab.tcp.WebServer::port)),
                new Server(
                        "M1 ThreadedTCPServer",
                        0,
                        false,
                        (root, limit) -> start(
                                () -> new ThreadedTCPServer(0), ThreadedTCPServer::serve, ThreadedTCPServer::port)),
                new Server(
                        "M2 PooledTCPServer",
                        POOL,
                        false,
                        (root, limit) -> start(
                                () -> new PooledTCPServer(0, POOL, limit),
                                PooledTCPServer::serve,
                                PooledTCPServer::port)),
                new Server(
                        "M3 WebServer",
                        0,
                        true,
                        (root, limit) -> start(
                                () -> new socketlab.threaded.WebServer(0, root, limit),
                                socketlab.threaded.WebServer::serve,
                                socketlab.threaded.WebServer::port)));
    }

    static Stream<Arguments> tcpAttacks() {
        List<Arguments> cases = new ArrayList<>();
        for (Server server : servers()) {
            for (Attack attack : Attack.values()) {
                if (server.http() || attack != Attack.REQUEST_WITH_A_BODY) {
                    cases.add(Arguments.of(server, attack));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The attacks, each with the time limit the server gets for it: short where each connection costs it, long where
     * none should.
     */
    enum Attack {
        TEN_MEGABYTE_LINE(150),
        THOUSAND_HELD_CONNECTIONS(50),
        SILENT_CLIENT(150),
        SLOWLORIS(150),
        NOT_READING(150),
        REQUEST_WITH_A_BODY(5000);

        final int limitMillis;

        Attack(int limitMillis) {
            this.limitMillis = limitMillis;
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tcpAttacks")
    void tcpServerSurvives(Server server, Attack attack) throws Exception {
        writeWebRoot();
        try (Site running = server.start().apply(www, attack.limitMillis)) {
            int port = running.port();
            assertServed(server, port, SLACK, "before the attack");
            Set<Thread> before = liveThreads();
            long heapBefore = heapAfterGc();
            int ahead;
            try (Attackers attackers = new Attackers()) {
                ahead = launch(attack, server, port, attackers);
                long heapDuring = heapAfterGc();
                assertThat(heapDuring - heapBefore)
                        .as(server + " under " + attack + ": the heap kept, in bytes")
                        .isLessThan(MEMORY_MARGIN);
                assertServed(
                        server,
                        port,
                        server.bound(ahead, attack.limitMillis),
                        "with " + ahead + " hostile connection(s) ahead (" + attack + ")");
            }
            assertThat(running.server().stoppedWith())
                    .as(server + ": what serve() stopped with")
                    .isNull();
            assertThat(running.server().isServing())
                    .as(server + " still serving after " + attack)
                    .isTrue();
            assertThreadsEnd(before, server.workers() > 1 ? server.workers() : 0, server + " after " + attack);
            assertServed(server, port, SLACK, "after the attack");
        }
    }

    /** Starts one attack; returns how many hostile connections a good client may find ahead of it. */
    private static int launch(Attack attack, Server server, int port, Attackers attackers) throws Exception {
        switch (attack) {
            case TEN_MEGABYTE_LINE -> {
                Socket socket = attackers.connect(port);
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] block = new byte[64 * 1024];
                    Arrays.fill(block, (byte) 'a');
                    out.write("GET /".getBytes(StandardCharsets.US_ASCII));
                    for (int sent = 0; sent < 10 * 1024 * 1024; sent += block.length) {
                        out.write(block);
                    }
                } catch (IOException hungUp) {
                    // the server closed the connection once the line was too long: what it should do
                }
                return 1;
            }
            case THOUSAND_HELD_CONNECTIONS -> {
                return attackers.hold(port, HELD);
            }
            case SILENT_CLIENT -> {
                attackers.connect(port);
                return 1;
            }
            case SLOWLORIS -> {
                Socket socket = attackers.connect(port);
                attackers.thread(() -> {
                    byte[] request = (server.http()
                                    ? "GET /hello.txt HTTP/1.0\r\nX-Slow: one byte at a time, ever more of it"
                                    : "slow, so slow, ")
                            .getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < 500; i++) {
                        out.write(request[i % request.length]);
                        Thread.sleep(15); // the client's pace is the attack, not a wait for something to happen
                    }
                });
                return 1;
            }
            case NOT_READING -> {
                Socket socket = attackers.connect(port);
                attackers.thread(() -> {
                    OutputStream out = socket.getOutputStream();
                    if (server.http()) {
                        out.write("GET /huge.bin HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                    // Requests whose replies pile up unread until the server's write() blocks: for the stats server
                    // "x",
                    // whose ERROR reply is 12 times longer; for the uppercase servers 1000-byte lines, answered as
                    // long.
                    String line = server.name().startsWith("T2") ? "x\n" : "a".repeat(999) + "\n";
                    byte[] block = line.repeat(64 * 1024 / line.length()).getBytes(StandardCharsets.US_ASCII);
                    for (int sent = 0; sent < 200 * 1024 * 1024; sent += block.length) {
                        out.write(block);
                    }
                });
                return 1;
            }
            case REQUEST_WITH_A_BODY -> {
                byte[] body = new byte[2 * 1024 * 1024];
                Socket socket = attackers.connect(port);
                Thread sender = attackers.thread(() -> {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /data.bin HTTP/1.0\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                });
                sender.join(TimeUnit.SECONDS.toMillis(10));
                byte[] response = socket.getInputStream().readAllBytes();
                byte[] data = Files.readAllBytes(www.resolve("data.bin"));
                assertThat(Arrays.copyOfRange(response, Math.max(0, response.length - data.length), response.length))
                        .as(server + ": the end of the response to a GET with a 2 MB body (" + response.length
                                + " bytes)")
                        .isEqualTo(data);
                return 0;
            }
            default -> throw new IllegalArgumentException(attack.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"U1 UDPServer", "U2 UDPStatsServer", "U3 UDPPingerServer"})
    void udpServerSurvivesGarbageAndOversizedDatagrams(String name) throws Exception {
        Site running = switch (name) {
            case "U1 UDPServer" -> start(() -> new UDPServer(0), UDPServer::serve, UDPServer::port);
            case "U2 UDPStatsServer" -> start(() -> new UDPStatsServer(0), UDPStatsServer::serve, UDPStatsServer::port);
            default -> start(() -> new UDPPingerServer(0), UDPPingerServer::serve, UDPPingerServer::port);
        };
        try (running;
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = running.port();
            Set<Thread> before = liveThreads();
            long heapBefore = heapAfterGc();
            sendGarbage(attacker, port);
            assertThat(heapAfterGc() - heapBefore)
                    .as(name + ": the heap kept after the garbage")
                    .isLessThan(MEMORY_MARGIN);
            String request = name.startsWith("U3")
                    ? "PING 1 " + System.currentTimeMillis()
                    : name.startsWith("U2") ? "1 2 3" : "still there?";
            String expected =
                    name.startsWith("U3") ? request : name.startsWith("U2") ? "6.0 1.0 3.0 2.0" : "STILL THERE?";
            assertThat(askUntilAnswered(client, port, request, expected))
                    .as(name + ": the reply to a good request after the garbage"
                            + " (sent again every 500 ms, as a UDP client does: the garbage may still fill "
                            + "the server's socket buffer)")
                    .isTrue();
            assertThat(running.server().isServing()).as(name + " still serving").isTrue();
            assertThreadsEnd(before, 0, name);
        }
    }

    @Test
    void rdtReceiverSurvivesGarbageAndOversizedDatagramsThenReceives() throws Exception {
        byte[] file = new byte[50_000];
        new SplittableRandom(SEED).nextBytes(file);
        try (RdtReceiver receiver = new RdtReceiver(0);
                DatagramSocket stray = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[][] received = new byte[1][];
            Thread receiving = new Thread(
                    () -> {
                        try {
                            received[0] = receiver.receive();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    "hostile-rdt-receiver");
            receiving.start();
            sendGarbage(stray, receiver.port());
            try (RdtSender sender = new RdtSender("127.0.0.1", receiver.port(), 50)) {
                sender.send(file);
            }
            receiving.join(10_000);
            assertThat(received[0])
                    .as("what RdtReceiver.receive() returned after the garbage")
                    .isEqualTo(file);
        }
    }

    /** 2000 datagrams of random bytes and lengths (seeded), then 20 of the largest size UDP carries over IPv4. */
    private static void sendGarbage(DatagramSocket from, int port) throws IOException {
        System.out.println("HostileClientsTest: garbage datagrams from seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(0, 3000)];
            random.nextBytes(garbage);
            from.send(new DatagramPacket(garbage, garbage.length, to));
        }
        byte[] oversized = new byte[65_507];
        random.nextBytes(oversized);
        for (int i = 0; i < 20; i++) {
            from.send(new DatagramPacket(oversized, oversized.length, to));
        }
    }

    /** Sends {@code request} every 500 ms, for up to 5 s, until {@code expected} comes back. */
    private static boolean askUntilAnswered(DatagramSocket client, int port, String request, String expected)
            throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[65_535];
        client.setSoTimeout(500);
        for (int attempt = 0; attempt < 10; attempt++) {
            client.send(new DatagramPacket(
                    bytes, bytes.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            try {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                client.receive(reply);
                if (new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8).equals(expected)) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException lost) {
                // lost in the crowd of garbage: ask again
            }
        }
        return false;
    }

    /** A good client: one request, one whole answer, within {@code bound}. */
    private static void assertServed(Server server, int port, Duration bound, String when) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) bound.toMillis());
            socket.setSoTimeout(
                    (int) Math.max(1, bound.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            OutputStream out = socket.getOutputStream();
            String request = server.http()
                    ? "GET /hello.txt HTTP/1.0\r\n\r\n"
                    : server.name().startsWith("T2") ? "1 2 3\n" : "good client\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = server.http()
                    ? new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    : firstLine(socket.getInputStream());
            String expected = server.http()
                    ? "hello, hostile world"
                    : server.name().startsWith("T2") ? "6.0 1.0 3.0 2.0" : "GOOD CLIENT";
            assertThat(answer)
                    .as(server + ": a good client's answer " + when + " (allowed " + bound.toMillis() + " ms)")
                    .endsWith(expected);
        } catch (IOException e) {
            throw new AssertionError(
                    server + ": a good client " + when + " was not served within " + bound.toMillis() + " ms: " + e, e);
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    private static void writeWebRoot() throws IOException {
        Files.writeString(www.resolve("hello.txt"), "hello, hostile world", StandardCharsets.UTF_8);
        if (!Files.exists(www.resolve("huge.bin"))) {
            SplittableRandom random = new SplittableRandom(SEED);
            byte[] data = new byte[512 * 1024];
            random.nextBytes(data);
            Files.write(www.resolve("data.bin"), data);
            byte[] huge = new byte[8 * 1024 * 1024];
            random.nextBytes(huge);
            Files.write(www.resolve("huge.bin"), huge);
        }
    }

    /** The hostile connections of one attack, and the threads that drive them; closing ends them all. */
    private static final class Attackers implements Closeable {
        private final List<Closeable> connections = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        Socket connect(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            connections.add(socket);
            return socket;
        }

        /** Opens up to {@code count} connections at once (non-blocking); returns how many the server's system took. */
        int hold(int port, int count) throws IOException {
            int held = 0;
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < count; i++) {
                    SocketChannel channel = SocketChannel.open();
                    connections.add(channel);
                    channel.configureBlocking(false);
                    if (channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                        held++;
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < deadline && !selector.keys().isEmpty()) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    for (SelectionKey key : selector.selectedKeys()) {
                        try {
                            if (((SocketChannel) key.channel()).finishConnect()) {
                                held++;
                            }
                        } catch (IOException refused) {
                            // the server's system had no room for it
                        }
                        key.cancel();
                    }
                    selector.selectedKeys().clear();
                }
            }
            System.out.println("HostileClientsTest: " + held + " of " + count + " connections held");
            return held;
        }

        Thread thread(Attacker attacker) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            attacker.run();
                        } catch (IOException | InterruptedException ended) {
                            // the server hung up, or the attack is over
                        }
                    },
                    "hostile-client");
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
            return thread;
        }

        @Override
        public void close() throws IOException {
            for (Closeable connection : connections) {
                connection.close();
            }
            for (Thread thread : threads) {
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Attacker {
        void run() throws IOException, InterruptedException;
    }

    private static <T extends Closeable> Site start(
            ServerUnderTest.Opener<T> opener, ServerUnderTest.Loop<T> loop, ToIntFunction<T> port) {
        try {
            return Site.of(ServerUnderTest.start(opener, loop), port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the server: " + e, e);
        }
    }

    /**
     * Threads started since {@code before} must end within 10 s once the hostile clients are gone, but for
     * the {@code poolWorkers} a thread pool keeps (it starts them as work comes, and keeps them).
     */
    private static void assertThreadsEnd(Set<Thread> before, int poolWorkers, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> left = newThreads(before, poolWorkers);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.get(0).join(100);
            left = newThreads(before, poolWorkers);
        }
        assertThat(left)
                .as(what + ": threads started during the attack that are still alive 10 s after it"
                        + (poolWorkers > 0 ? " (besides up to " + poolWorkers + " pool workers)" : ""))
                .isEmpty();
    }

    private static List<Thread> newThreads(Set<Thread> before, int poolWorkers) {
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .toList();
        List<Thread> workers = started.stream()
                .filter(t -> t.getName().matches("pool-\\d+-thread-\\d+"))
                .toList();
        return workers.size() <= poolWorkers
                ? started.stream().filter(t -> !workers.contains(t)).toList()
                : started;
    }

    private static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
