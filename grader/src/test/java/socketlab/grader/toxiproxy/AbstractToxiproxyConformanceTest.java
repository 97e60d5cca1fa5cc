package socketlab.grader.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What any Toxiproxy 2.12 server must do, checked through toxiproxy-java and raw HTTP. Subclasses run it
 * against the embedded engine (every build) and against real Toxiproxy (when one is reachable), so every
 * assertion here is based on what Toxiproxy's Go source does. Time bounds are generous on purpose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractToxiproxyConformanceTest {
    private static final AtomicLong NAMES = new AtomicLong();
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private ToxiproxyBackend backend;
    private RawApi api;
    private final List<String> createdProxies = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The server under test; closed after the class. */
    protected abstract ToxiproxyBackend openBackend();

    @BeforeAll
    void openServer() {
        backend = openBackend();
        api = new RawApi(backend.apiUrl());
    }

    @AfterAll
    void closeServer() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        resources.clear();
        for (String name : createdProxies) {
            api.delete("/proxies/" + name);
        }
        createdProxies.clear();
    }

    private String uniqueName(String what) {
        String name = "conformance-" + what + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        createdProxies.add(name);
        return name;
    }

    private RawApi.Response createRaw(String name, String upstream) {
        return api.post(
                "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream + "\"}");
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private TcpPath pathTo(TestServer server) {
        return closeLater(TcpPath.to(backend, server.port()));
    }

    // ---------------------------------------------------------------- API: proxies

    @Test
    void versionAnswersJson() {
        RawApi.Response response = api.get("/version");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object().get("version").getAsString()).startsWith("2.");
    }

    @Test
    void createAnswers201WithTheBoundListenAddress() {
        String name = uniqueName("create");
        RawApi.Response response = createRaw(name, "127.0.0.1:1");

        assertThat(response.status()).isEqualTo(201);
        JsonObject proxy = response.object();
        assertThat(proxy.get("name").getAsString()).isEqualTo(name);
        assertThat(proxy.get("listen").getAsString()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(proxy.get("upstream").getAsString()).isEqualTo("127.0.0.1:1");
        assertThat(proxy.get("enabled").getAsBoolean()).isTrue();
        assertThat(proxy.get("toxics").getAsJsonArray()).isEmpty();
    }

    @Test
    void createOfAnExistingNameAnswers409() {
        String name = uniqueName("dup");
        createRaw(name, "127.0.0.1:1");

        RawApi.Response again = createRaw(name, "127.0.0.1:2");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("proxy already exists");
        assertThat(again.object().get("status").getAsInt()).isEqualTo(409);
    }

    @Test
    void createWithoutNameOrUpstreamAnswers400() {
        RawApi.Response noName = api.post("/proxies", "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.error()).isEqualTo("missing required field: name");

        String name = uniqueName("noupstream");
        RawApi.Response noUpstream = api.post("/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\"}");
        assertThat(noUpstream.status()).isEqualTo(400);
        assertThat(noUpstream.error()).isEqualTo("missing required field: upstream");
    }

    @Test
    void malformedJsonAnswers400BadRequestBody() {
        RawApi.Response response = api.post("/proxies", "{bad json");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).startsWith("bad request body");
        assertThat(response.object().get("status").getAsInt()).isEqualTo(400);
    }

    @Test
    void unknownProxyAnswers404() {
        assertThat(api.get("/proxies/no-such-proxy").status()).isEqualTo(404);
        assertThat(api.get("/proxies/no-such-proxy").error()).isEqualTo("proxy not found");
        assertThat(api.delete("/proxies/no-such-proxy").status()).isEqualTo(404);
        assertThat(api.get("/proxies/no-such-proxy/toxics").status()).isEqualTo(404);
    }

    @Test
    void indexListsProxiesByName() throws IOException {
        String name = uniqueName("index");
        createRaw(name, "127.0.0.1:1");

        assertThat(api.get("/proxies")
                        .object()
                        .getAsJsonObject(name)
                        .get("upstream")
                        .getAsString())
                .isEqualTo("127.0.0.1:1");
        assertThat(backend.client().getProxies()).extracting(Proxy::getName).contains(name);
    }

    @Test
    void patchUpdatesOnlyTheGivenFields() {
        String name = uniqueName("patch");
        createRaw(name, "127.0.0.1:1");

        RawApi.Response disabled = api.patch("/proxies/" + name, "{\"enabled\":false}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.object().get("enabled").getAsBoolean()).isFalse();
        assertThat(disabled.object().get("upstream").getAsString()).isEqualTo("127.0.0.1:1");

        RawApi.Response moved = api.post("/proxies/" + name, "{\"upstream\":\"127.0.0.1:2\",\"enabled\":true}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.object().get("upstream").getAsString()).isEqualTo("127.0.0.1:2");
        assertThat(moved.object().get("enabled").getAsBoolean()).isTrue();
        assertThat(moved.object().get("listen").getAsString()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
    }

    @Test
    void deleteAnswers204ThenTheProxyIsGone() {
        String name = uniqueName("delete");
        createRaw(name, "127.0.0.1:1");

        assertThat(api.delete("/proxies/" + name).status()).isEqualTo(204);
        assertThat(api.get("/proxies/" + name).status()).isEqualTo(404);
    }

    @Test
    void populateCreatesProxiesAndAnswers201() {
        String first = uniqueName("populate");
        String second = uniqueName("populate");
        RawApi.Response response = api.post(
                "/populate",
                "[{\"name\":\"" + first + "\",\"listen\":\"127.0.0.1:0\","
                        + "\"upstream\":\"127.0.0.1:1\"},{\"name\":\"" + second + "\",\"listen\":\"127.0.0.1:0\","
                        + "\"upstream\":\"127.0.0.1:2\",\"enabled\":false}]");

        assertThat(response.status()).isEqualTo(201);
        JsonArray proxies = response.object().getAsJsonArray("proxies");
        assertThat(proxies).hasSize(2);
        assertThat(api.get("/proxies/" + first).object().get("enabled").getAsBoolean())
                .isTrue();
        assertThat(api.get("/proxies/" + second).object().get("enabled").getAsBoolean())
                .isFalse();
    }

    @Test
    void populateRejectsAnEntryWithoutUpstream() {
        String name = uniqueName("populate-bad");
        RawApi.Response response = api.post("/populate", "[{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\"}]");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("missing required field: upstream at proxy 1");
        assertThat(api.get("/proxies/" + name).status()).isEqualTo(404);
    }

    @Test
    void pathsMatchRoutesExactlyAndUncleanPathsAreRedirected() {
        RawApi.Response trailing = api.get("/proxies/");
        assertThat(trailing.status())
                .as("GET /proxies/ (gorilla/mux: no trailing slash)")
                .isEqualTo(404);
        assertThat(trailing.body()).isEqualTo("404 page not found\n");
        assertThat(api.get("/version/").status()).isEqualTo(404);

        RawApi.Response doubled = api.get("//proxies");
        assertThat(doubled.status())
                .as("GET //proxies (gorilla/mux redirects to the clean path)")
                .isEqualTo(301);
        assertThat(doubled.location()).isEqualTo("/proxies");
        assertThat(api.get("/./version").location()).isEqualTo("/version");
    }

    @Test
    void populateWithNoProxiesAnswersNull() {
        RawApi.Response response = api.post("/populate", "[]");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"proxies\":null}");
    }

    @Test
    void proxiesCarryToxiproxysEmptyLogger() {
        String name = uniqueName("logger");
        RawApi.Response created = createRaw(name, "127.0.0.1:1");

        assertThat(created.object().getAsJsonObject("Logger").size())
                .as("fields of the created proxy's \"Logger\"")
                .isZero();
        assertThat(api.get("/proxies/" + name)
                        .object()
                        .getAsJsonObject("Logger")
                        .size())
                .isZero();
        assertThat(api.get("/proxies")
                        .object()
                        .getAsJsonObject(name)
                        .getAsJsonObject("Logger")
                        .size())
                .isZero();
        assertThat(created.body()).contains("\"enabled\":true,\"Logger\":{},\"toxics\":[]");
    }

    @Test
    void errorsAreJsonSentAsPlainText() {
        RawApi.Response response = api.get("/proxies/no-such-proxy");

        assertThat(response.contentType()).as("Go's http.Error").isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
    }

    /**
     * Clients that stop mid-request or never read their answers hold nothing another client needs: Toxiproxy
     * serves each connection on its own goroutine. More stalled clients than any small pool of threads.
     */
    @Test
    void stalledApiClientsDelayNoOtherClient() throws IOException {
        URI url = URI.create(backend.apiUrl());
        List<Socket> stalled = new ArrayList<>();
        try {
            byte[] pipelined =
                    "GET /version HTTP/1.1\r\nHost: x\r\n\r\n".repeat(4000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 25; i++) {
                stalled.add(stall(url, "GET /vers"));
                stalled.add(stall(url, "GET /version HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                stalled.add(stall(url, "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"name\":"));
                Socket nonReader = Net.connect(url.getHost(), url.getPort());
                nonReader.setSoTimeout(1);
                stalled.add(nonReader);
                CompletableFuture.runAsync(() -> {
                    try {
                        nonReader.getOutputStream().write(pipelined);
                    } catch (IOException closedByTheTest) {
                        // the test closes it
                    }
                });
            }
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(api.get("/version").status()).isEqualTo(200);
                String name = uniqueName("busy");
                assertThat(createRaw(name, "127.0.0.1:1").status()).isEqualTo(201);
                assertThat(api.delete("/proxies/" + name).status()).isEqualTo(204);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("three API calls while %d clients stall", stalled.size())
                        .isLessThan(Duration.ofSeconds(3));
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private static Socket stall(URI url, String partialRequest) throws IOException {
        Socket socket = Net.connect(url.getHost(), url.getPort());
        socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    // ---------------------------------------------------------------- API: toxics

    @Test
    void toxicDefaultsToDownstreamFullToxicityAndTypeStreamName() {
        String name = uniqueName("toxic");
        createRaw(name, "127.0.0.1:1");

        RawApi.Response response =
                api.post("/proxies/" + name + "/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":10}}");

        assertThat(response.status()).isEqualTo(200);
        JsonObject toxic = response.object();
        assertThat(toxic.get("name").getAsString()).isEqualTo("latency_downstream");
        assertThat(toxic.get("type").getAsString()).isEqualTo("latency");
        assertThat(toxic.get("stream").getAsString()).isEqualTo("downstream");
        assertThat(toxic.get("toxicity").getAsFloat()).isEqualTo(1.0f);
        assertThat(toxic.getAsJsonObject("attributes").get("latency").getAsLong())
                .isEqualTo(10);
        assertThat(toxic.getAsJsonObject("attributes").get("jitter").getAsLong())
                .isZero();
        assertThat(api.get("/proxies/" + name + "/toxics").json().getAsJsonArray())
                .hasSize(1);
        assertThat(api.get("/proxies/" + name + "/toxics/latency_downstream").status())
                .isEqualTo(200);
    }

    @Test
    void badToxicsAnswerToxiproxysErrors() {
        String name = uniqueName("badtoxic");
        createRaw(name, "127.0.0.1:1");
        String toxics = "/proxies/" + name + "/toxics";

        RawApi.Response unknownType = api.post(toxics, "{\"type\":\"no_such_toxic\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.error()).isEqualTo("invalid toxic type");

        RawApi.Response badStream = api.post(toxics, "{\"type\":\"latency\",\"stream\":\"sideways\"}");
        assertThat(badStream.status()).isEqualTo(400);
        assertThat(badStream.error()).isEqualTo("stream was invalid, can be either upstream or downstream");

        RawApi.Response badAttribute = api.post(toxics, "{\"type\":\"latency\",\"attributes\":{\"latency\":\"slow\"}}");
        assertThat(badAttribute.status()).isEqualTo(400);
        assertThat(badAttribute.error()).startsWith("bad request body");

        RawApi.Response malformed = api.post(toxics, "{\"type\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("bad request body");

        assertThat(api.post(toxics, "{\"type\":\"latency\"}").status()).isEqualTo(200);
        RawApi.Response duplicate = api.post(toxics, "{\"type\":\"latency\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.error()).isEqualTo("toxic already exists");

        assertThat(api.get(toxics + "/nope").status()).isEqualTo(404);
        assertThat(api.get(toxics + "/nope").error()).isEqualTo("toxic not found");
        assertThat(api.delete(toxics + "/nope").status()).isEqualTo(404);
        assertThat(api.patch(toxics + "/nope", "{}").status()).isEqualTo(404);
    }

    @Test
    void toxicUpdateKeepsWhatItDoesNotMention() {
        String name = uniqueName("toxicpatch");
        createRaw(name, "127.0.0.1:1");
        String toxics = "/proxies/" + name + "/toxics";
        api.post(
                toxics,
                "{\"type\":\"latency\",\"stream\":\"upstream\",\"toxicity\":0.5,"
                        + "\"attributes\":{\"latency\":100,\"jitter\":7}}");

        RawApi.Response patched = api.patch(toxics + "/latency_upstream", "{\"attributes\":{\"latency\":250}}");

        assertThat(patched.status()).isEqualTo(200);
        JsonObject toxic = patched.object();
        assertThat(toxic.getAsJsonObject("attributes").get("latency").getAsLong())
                .isEqualTo(250);
        assertThat(toxic.getAsJsonObject("attributes").get("jitter").getAsLong())
                .isEqualTo(7);
        assertThat(toxic.get("toxicity").getAsFloat()).isEqualTo(0.5f);
        assertThat(toxic.get("stream").getAsString()).isEqualTo("upstream");
    }

    @Test
    void toxicDeleteAnswers204() {
        String name = uniqueName("toxicdelete");
        createRaw(name, "127.0.0.1:1");
        api.post(
                "/proxies/" + name + "/toxics", "{\"type\":\"timeout\",\"name\":\"t\",\"attributes\":{\"timeout\":5}}");

        assertThat(api.delete("/proxies/" + name + "/toxics/t").status()).isEqualTo(204);
        assertThat(api.get("/proxies/" + name + "/toxics").json().getAsJsonArray())
                .isEmpty();
    }

    @Test
    void toxiproxyJavaRoundTripsEveryToxicType() throws IOException {
        Proxy proxy = backend.client().createProxy(uniqueName("java"), "127.0.0.1:0", "127.0.0.1:1");
        Latency latency =
                proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 40).setJitter(4);
        proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 100);
        proxy.toxics().slicer("sl", ToxicDirection.UPSTREAM, 10, 20).setSizeVariation(3);
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 30);
        proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 1000);
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 5000);
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 50);
        latency.setToxicity(0.25f);

        List<? extends Toxic> all = proxy.toxics().getAll();

        assertThat(all).extracting(Toxic::getName).containsExactlyInAnyOrder("lat", "bw", "sl", "sc", "to", "ld", "rp");
        Latency read = proxy.toxics().get("lat", Latency.class);
        assertThat(read.getLatency()).isEqualTo(40);
        assertThat(read.getJitter()).isEqualTo(4);
        assertThat(read.getToxicity()).isEqualTo(0.25f);
        assertThat(read.getStream()).isEqualTo(ToxicDirection.UPSTREAM);
    }

    @Test
    void resetEnablesProxiesAndRemovesToxics() throws IOException {
        String name = uniqueName("reset");
        Proxy proxy = backend.client().createProxy(name, "127.0.0.1:0", "127.0.0.1:1");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        proxy.disable();

        assertThat(api.post("/reset", "").status()).isEqualTo(204);

        JsonObject after = api.get("/proxies/" + name).object();
        assertThat(after.get("enabled").getAsBoolean()).isTrue();
        assertThat(after.getAsJsonArray("toxics")).isEmpty();
    }

    // ---------------------------------------------------------------- interrupted toxics (link.go)

    /** Adds a toxic with the given attributes to a proxy in front of nothing; no connection ever carries data. */
    protected RawApi.Response crashingToxic(String type, String attributes) {
        String name = uniqueName("never-used");
        createRaw(name, "127.0.0.1:1");
        return api.post(
                "/proxies/" + name + "/toxics", "{\"type\":\"" + type + "\",\"attributes\":" + attributes + "}");
    }

    /** For a backend that can look inside itself: nothing of the named proxy's connections is left running. */
    protected void assertNothingLeftOf(String proxyName) {}

    /** Sends a ping through a 3 s latency toxic, changes the toxics at about 0.2 s, and says when the echo came. */
    private Duration echoWhileChanging(IoAction change) throws Exception {
        CountDownLatch echoed = new CountDownLatch(1);
        try (TestServer server = TestServer.start(socket -> {
            byte[] ping = socket.getInputStream().readNBytes(PING.length);
            socket.getOutputStream().write(ping);
            socket.getOutputStream().flush();
            echoed.countDown();
            socket.getInputStream().read(); // keep the connection until the client closes it
        })) {
            TcpPath path = pathTo(server).latency(Duration.ofMillis(3000), Duration.ZERO);
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(PING);
                // The echo has left the server, so it is on its way into the latency toxic (a loaded machine may take
                // seconds to get here: the scenario waits for the event, not for a fixed 0.2 s).
                assertThat(echoed.await(10, TimeUnit.SECONDS))
                        .as("the echo server got the ping and answered")
                        .isTrue();
                Thread.sleep(200); // the proxy reads the echo off its socket into the toxic (nothing to wait on from
                // outside)
                long changed = System.nanoTime();
                change.run(path);
                assertThat(Net.readExactly(client, PING.length)).isEqualTo(PING);
                return Duration.ofNanos(System.nanoTime() - changed); // held for 3 s unless the change let it go
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run(TcpPath path) throws IOException;
    }

    @Test
    void removingALatencyToxicReleasesWhatItHolds() throws Exception {
        Duration echo = echoWhileChanging(
                path -> path.proxy().toxics().get("latency_downstream").remove());
        assertThat(echo)
                .as("time from removing the latency 3000 ms toxic that holds an echo to the echo's arrival")
                .isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void updatingALatencyToxicReleasesWhatItHolds() throws Exception {
        Duration echo = echoWhileChanging(path -> assertThat(api.patch(
                                "/proxies/" + path.proxy().getName() + "/toxics/latency_downstream",
                                "{\"attributes\":{\"latency\":3000}}")
                        .status())
                .isEqualTo(200));
        assertThat(echo)
                .as("time from updating (unchanged) the latency 3000 ms toxic that holds an echo to the echo's arrival")
                .isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void addingAToxicBehindALatencyToxicReleasesWhatItHolds() throws Exception {
        Duration echo =
                echoWhileChanging(path -> path.proxy().toxics().slowClose("after", ToxicDirection.DOWNSTREAM, 0));
        assertThat(echo)
                .as("time from adding a toxic behind the latency 3000 ms toxic that holds an echo to the echo's "
                        + "arrival")
                .isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void removingABandwidthToxicFlushesWhatItHolds() throws Exception {
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        try (TestServer server =
                TestServer.start(socket -> socket.getOutputStream().write(data))) {
            TcpPath path = pathTo(server).bandwidth(1);
            try (Socket client = Net.connect(path)) {
                long start = System.nanoTime();
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Net.readExactly(client, data.length);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(500); // the scenario's clock: 5000 bytes at 1 KB/s take 5 s; about 500 are through
                path.proxy().toxics().get("bandwidth_downstream").remove();
                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(data);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("5000 bytes at 1 KB/s with the toxic removed at 0.5 s")
                        .isLessThan(Duration.ofMillis(2500));
            }
        }
    }

    /**
     * A slicer behind which data stalls (a bandwidth toxic of 1 KB/s) waits its delay after each piece it hands on;
     * when the stall ends (the bandwidth toxic is updated to 100 MB/s) the pieces keep their pace: no burst of the
     * pieces that would have been due meanwhile, and no debt of the old rate left behind.
     */
    @Test
    void slicerKeepsItsPaceAfterAStall() throws Exception {
        byte[] data = new byte[10_000];
        new Random(4).nextBytes(data);
        List<long[]> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<byte[]> all = new CompletableFuture<>();
        try (TestServer server = TestServer.start(socket -> {
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            InputStream in = socket.getInputStream();
            while (got.size() < data.length) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                reads.add(new long[] {System.nanoTime(), n});
                got.write(buffer, 0, n);
            }
            all.complete(got.toByteArray());
        })) {
            TcpPath path = pathTo(server).slicer(100, 0, Duration.ofMillis(20));
            path.proxy().toxics().bandwidth("stall", ToxicDirection.UPSTREAM, 1);
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(data);
                Thread.sleep(1000); // the scenario's clock: about ten ~80-byte pieces pass in the first second
                long updated = System.nanoTime();
                assertThat(api.patch(
                                        "/proxies/" + path.proxy().getName() + "/toxics/stall",
                                        "{\"attributes\":{\"rate\":100000}}")
                                .status())
                        .isEqualTo(200);
                assertThat(all.get(30, TimeUnit.SECONDS)).isEqualTo(data);
                long soon = reads.stream()
                        .filter(r -> r[0] >= updated && r[0] - updated <= 200_000_000L)
                        .mapToLong(r -> r[1])
                        .sum();
                long last = reads.get(reads.size() - 1)[0];
                assertThat(soon)
                        .as("bytes within 200 ms of the stall's end (pieces of ~80 bytes every 20 ms; a burst of"
                                + " the pieces due during the stall would be ~3000)")
                        .isLessThan(2500);
                assertThat(Duration.ofNanos(last - updated))
                        .as("the rest of 10,000 bytes at ~80 bytes every 20 ms")
                        .isLessThan(Duration.ofSeconds(8));
            }
        }
    }

    // ---------------------------------------------------------------- extreme settings

    /** Go's time.Duration(9e15) * time.Millisecond wraps around to a negative delay: the data passes at once. */
    @Test
    void latencyBeyondGoDurationsWrapsAroundToNoDelay() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server);
            path.proxy().toxics().latency("huge", ToxicDirection.DOWNSTREAM, 9_000_000_000_000_000L);
            try (Socket client = Net.connect(path)) {
                assertThat(Duration.ofNanos(Net.roundTripNanos(client, PING))).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Latency of 9e12 ms (285 years, within Go's durations) holds the data until the toxic goes; then the data
     * passes, the client's close ends the connection on every side, and nothing is left on the proxy's port.
     */
    @Test
    void dataHeldForCenturiesIsReleasedAndNothingLeaks() throws Exception {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server);
            path.proxy().toxics().latency("centuries", ToxicDirection.DOWNSTREAM, 9_000_000_000_000L);
            int port = path.port();
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(PING);
                client.setSoTimeout(300);
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                path.proxy().toxics().get("centuries").remove();
                client.setSoTimeout(Net.READ_TIMEOUT_MILLIS);
                assertThat(Net.readExactly(client, PING.length)).isEqualTo(PING);
                client.shutdownOutput();
                assertThat(Net.endsWithin(client, 5_000))
                        .as("the connection ends after the client's FIN")
                        .isTrue();
            }
            assertThat(api.post("/reset", "").status()).isEqualTo(204);
            assertNoSocketLeftHalfClosed(port, server.port());
            assertNothingLeftOf(path.proxy().getName());
        }
    }

    @Test
    void jitterJustBelowTwoToThe62IsTakenAndItsDataReleasedOnRemoval() throws Exception {
        long jitter = (1L << 62) - 1;
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server);
            RawApi.Response created = api.post(
                    "/proxies/" + path.proxy().getName() + "/toxics",
                    "{\"name\":\"wild\",\"type\":\"latency\",\"attributes\":{\"jitter\":" + jitter + "}}");
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.object()
                            .getAsJsonObject("attributes")
                            .get("jitter")
                            .getAsLong())
                    .isEqualTo(jitter);
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(PING);
                Thread.sleep(200); // the scenario's clock: the ping is either through or held for up to 292 years
                path.proxy().toxics().get("wild").remove();
                long removed = System.nanoTime();
                assertThat(Net.readExactly(client, PING.length)).isEqualTo(PING);
                assertThat(Duration.ofNanos(System.nanoTime() - removed)).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    /** Go's durations wrap: a slow_close of 9e15 ms is a negative delay, so the close is not held at all. */
    @Test
    void slowCloseBeyondGoDurationsClosesAtOnce() throws IOException {
        byte[] bye = "bye".getBytes(StandardCharsets.US_ASCII);
        try (TestServer server =
                TestServer.start(socket -> socket.getOutputStream().write(bye))) {
            TcpPath path = pathTo(server);
            path.proxy().toxics().slowClose("huge", ToxicDirection.DOWNSTREAM, 9_000_000_000_000_000L);
            try (Socket client = Net.connect(path)) {
                assertThat(Net.readExactly(client, bye.length)).isEqualTo(bye);
                long afterData = System.nanoTime();
                assertThat(Net.endsWithin(client, 5_000)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - afterData)).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * None of the proxy's sockets is left half-closed (CLOSE_WAIT: the peer left, the proxy never closed), neither
     * on its listening port nor towards the server, as far as this host's /proc/net/tcp shows (Linux; a container's
     * sockets are not visible here). Called once the client has seen the proxy close, so nothing is in flight.
     */
    protected void assertNoSocketLeftHalfClosed(int proxyPort, int serverPort) throws IOException {
        List<String> left = new ArrayList<>();
        for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !fields[3].equals("08")) {
                    continue;
                }
                int local = Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1), 16);
                int remote = Integer.parseInt(fields[2].substring(fields[2].lastIndexOf(':') + 1), 16);
                if (local == proxyPort || (remote == serverPort && local != serverPort)) {
                    left.add(line.trim());
                }
            }
        }
        assertThat(left)
                .as("the proxy's sockets in CLOSE_WAIT (port %d, towards port %d)", proxyPort, serverPort)
                .isEmpty();
    }

    // ---------------------------------------------------------------- behaviour

    @Test
    void dataPassesThroughUnchanged() throws IOException {
        try (TestServer server = TestServer.echo();
                Socket client = Net.connect(pathTo(server))) {
            byte[] message = new byte[200_000];
            new Random(1).nextBytes(message);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.getOutputStream().write(message);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(Net.readExactly(client, message.length)).isEqualTo(message);
            writer.join();
        }
    }

    @Test
    void latencyDelaysTheDownstream() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server).latency(Duration.ofMillis(300), Duration.ZERO);
            try (Socket client = Net.connect(path)) {
                long rtt = Net.roundTripNanos(client, PING);
                assertThat(Duration.ofNanos(rtt)).isBetween(Duration.ofMillis(270), Duration.ofMillis(1300));
            }
        }
    }

    @Test
    void toxicAddedToAnOpenConnectionTakesEffect() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server);
            try (Socket client = Net.connect(path)) {
                assertThat(Duration.ofNanos(Net.roundTripNanos(client, PING))).isLessThan(Duration.ofMillis(250));
                path.latency(Duration.ofMillis(300), Duration.ZERO);
                assertThat(Duration.ofNanos(Net.roundTripNanos(client, PING))).isGreaterThan(Duration.ofMillis(270));
            }
        }
    }

    @Test
    void bandwidthLimitsTheRate() throws IOException {
        int bytes = 500_000;
        try (TestServer server =
                TestServer.start(socket -> socket.getOutputStream().write(new byte[bytes]))) {
            TcpPath path = pathTo(server).bandwidth(500);
            try (Socket client = Net.connect(path)) {
                long start = System.nanoTime();
                byte[] received = Net.readToEnd(client);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertThat(received).hasSize(bytes);
                // 500,000 bytes at 500 KB/s take one second
                assertThat(elapsed).isBetween(Duration.ofMillis(700), Duration.ofMillis(2500));
            }
        }
    }

    @Test
    void slicerDeliversEveryByteInOrderInSmallPieces() throws Exception {
        byte[] message = new byte[2000];
        new Random(2).nextBytes(message);
        CompletableFuture<List<byte[]>> reads = new CompletableFuture<>();
        try (TestServer server = TestServer.start(socket -> {
            List<byte[]> pieces = new ArrayList<>();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int total = 0;
            while (total < message.length) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                pieces.add(java.util.Arrays.copyOf(buffer, n));
                total += n;
            }
            reads.complete(pieces);
        })) {
            TcpPath path = pathTo(server).slicer(4, 2, Duration.ofNanos(500_000));
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(message);
                List<byte[]> pieces = reads.get(30, TimeUnit.SECONDS);
                java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
                for (byte[] piece : pieces) {
                    joined.write(piece);
                }
                assertThat(joined.toByteArray()).isEqualTo(message);
                assertThat(pieces.size())
                        .as("reads of a 2000-byte message sliced to ~4 bytes")
                        .isGreaterThan(50);
            }
        }
    }

    @Test
    void timeoutZeroHoldsTheData() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server).timeout(Duration.ZERO);
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(PING);
                client.setSoTimeout(700);
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void timeoutClosesTheConnectionAfterItsTime() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server).timeout(Duration.ofMillis(300));
            try (Socket client = Net.connect(path)) {
                long start = System.nanoTime();
                assertThat(Net.endsWithin(client, 5_000)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isBetween(Duration.ofMillis(200), Duration.ofMillis(3000));
            }
        }
    }

    @Test
    void resetPeerResetsTheConnection() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server).resetPeer(Duration.ofMillis(100));
            try (Socket client = Net.connect(path)) {
                client.getOutputStream().write(PING);
                if (backend.deliversResets()) {
                    assertThatThrownBy(() -> Net.readExactly(client, PING.length))
                            .isInstanceOf(SocketException.class)
                            .hasMessageContaining("Connection reset");
                } else {
                    // Docker's userland port proxy passes the reset on as a FIN: the connection just ends
                    assertThat(Net.endsWithin(client, 5_000))
                            .as("the connection ends")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void limitDataClosesAfterExactlyThatManyBytes() throws IOException {
        try (TestServer server =
                TestServer.start(socket -> socket.getOutputStream().write(new byte[5000]))) {
            TcpPath path = pathTo(server).limitData(1000);
            try (Socket client = Net.connect(path)) {
                assertThat(Net.readToEnd(client)).hasSize(1000);
            }
        }
    }

    @Test
    void slowCloseDelaysTheClose() throws IOException {
        byte[] bye = "bye".getBytes(StandardCharsets.US_ASCII);
        try (TestServer server =
                TestServer.start(socket -> socket.getOutputStream().write(bye))) {
            TcpPath path = pathTo(server).slowClose(Duration.ofMillis(600));
            try (Socket client = Net.connect(path)) {
                assertThat(Net.readExactly(client, bye.length)).isEqualTo(bye);
                long afterData = System.nanoTime();
                assertThat(Net.endsWithin(client, 5_000)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - afterData)).isGreaterThan(Duration.ofMillis(400));
            }
        }
    }

    @Test
    void disablingKillsLiveConnectionsAndEnablingAcceptsAgain() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server);
            try (Socket live = Net.connect(path)) {
                Net.roundTripNanos(live, PING);
                path.down();
                assertThat(Net.endsWithin(live, 5_000))
                        .as("live connection closed by disable")
                        .isTrue();
            }
            assertThat(carriesData(path)).as("a new connection while disabled").isFalse();
            path.up();
            try (Socket again = Net.connect(path)) {
                Net.roundTripNanos(again, PING);
            }
        }
    }

    @Test
    void changingTheUpstreamRestartsTheProxy() throws IOException {
        byte[] second = "second".getBytes(StandardCharsets.US_ASCII);
        try (TestServer echo = TestServer.echo();
                TestServer greeter =
                        TestServer.start(socket -> socket.getOutputStream().write(second))) {
            TcpPath path = pathTo(echo);
            try (Socket live = Net.connect(path)) {
                Net.roundTripNanos(live, PING);
                path.proxy().setUpstream(backend.upstreamFor(greeter.port()));
                assertThat(Net.endsWithin(live, 5_000))
                        .as("connection closed by the restart")
                        .isTrue();
            }
            try (Socket fresh = Net.connect(path)) {
                assertThat(Net.readExactly(fresh, second.length)).isEqualTo(second);
            }
        }
    }

    /** Whether a new connection echoes; refused, closed or silent connections do not. */
    private static boolean carriesData(TcpPath path) {
        try (Socket socket = Net.connect(path)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(PING);
            return socket.getInputStream().readNBytes(PING.length).length == PING.length;
        } catch (IOException refusedOrClosed) {
            return false;
        }
    }

    @Test
    void unreachableUpstreamClosesTheClientPromptly() throws IOException {
        TcpPath path = closeLater(TcpPath.to(backend, Net.closedPort()));
        try (Socket client = Net.connect(path)) {
            long start = System.nanoTime();
            assertThat(Net.endsWithin(client, 5_000)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void toxicityZeroNeverApplies() throws IOException {
        try (TestServer server = TestServer.echo()) {
            TcpPath path = pathTo(server).latency(Duration.ofMillis(600), Duration.ZERO);
            path.proxy().toxics().get("latency_downstream").setToxicity(0f);
            for (int i = 0; i < 10; i++) {
                try (Socket client = Net.connect(path)) {
                    assertThat(Duration.ofNanos(Net.roundTripNanos(client, PING)))
                            .isLessThan(Duration.ofMillis(500));
                }
            }
        }
    }
}
