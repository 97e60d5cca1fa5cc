package socketlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlab.udp.RdtPacket;

/**
 * The test side of the student JVM: values, handles, exceptions and callbacks cross; calls run side by
 * side; a program that exits, floods its output or replaces the agent with a hostile one fails the
 * pending call with a clear message, quickly, and never hangs or harms the test JVM.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StudentJvmTest {

    private static final String ECHO = "fixture.Echo";
    private static final String[] NONE = {};
    private static final Object[] NO_ARGS = {};
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

    private static final String ECHO_SOURCE = """
            package fixture;

            import java.net.SocketTimeoutException;
            import java.util.Arrays;
            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import java.util.function.Consumer;
            import socketlab.udp.RdtPacket;

            public class Echo {
                private final String name;
                private final CountDownLatch entered = new CountDownLatch(1);
                private final CountDownLatch released = new CountDownLatch(1);
                private volatile String last;

                public Echo(String name) { this.name = name; }
                public String name() { return name; }
                public int plusOne(int x) { return x + 1; }
                public long big() { return Long.MAX_VALUE - 1; }
                public double pi() { return Math.PI; }
                public String greet(String who) { return name + " greets " + who; }
                public byte[] bytes(int n) {
                    byte[] b = new byte[n];
                    for (int i = 0; i < n; i++) { b[i] = (byte) (i * 31 + 7); }
                    return b;
                }
                public int sum(byte[] data) { int s = 0; for (byte b : data) { s += b; } return s; }
                public List<String> words() { return List.of("alpha", "b\u00e9ta", "gamma"); }
                public RdtPacket packet(int seq) { return new RdtPacket((byte) 'D', seq, new byte[] {1, 2, 3}); }
                public String nothing() { return null; }
                public void remember(String s) { last = s; }
                public String last() { return last; }
                public Echo child(String childName) { return new Echo(name + "/" + childName); }
                public String nameOf(Echo other) { return other.name(); }
                public static int twice(int x) { return 2 * x; }
                public static String where() { return "static"; }

                public void timeout() throws SocketTimeoutException {
                    throw new SocketTimeoutException("x"); // TIMEOUT-LINE
                }
                public void custom() throws LabException {
                    throw new LabException("custom trouble"); // CUSTOM-LINE
                }
                public void outOfMemory() { throw new OutOfMemoryError("pretend heap space"); }

                public int tell(Consumer<String> listener, int times) throws InterruptedException {
                    for (int i = 0; i < times; i++) { listener.accept("caller-" + i); }
                    Thread other = new Thread(() -> {
                        for (int i = 0; i < times; i++) { listener.accept("other-" + i); }
                    }, "fixture-teller");
                    other.start();
                    other.join();
                    return 2 * times;
                }

                public String awaitRelease() throws InterruptedException {
                    entered.countDown();
                    return released.await(20, TimeUnit.SECONDS) ? "released" : "never released";
                }
                public boolean awaitEntered() throws InterruptedException { return entered.await(20, TimeUnit.SECONDS); }
                public void release() { released.countDown(); }

                public void exit(int code) { System.exit(code); }

                public long print(int megabytes) {
                    byte[] line = new byte[64 * 1024];
                    Arrays.fill(line, (byte) 'x');
                    line[line.length - 1] = '\\n';
                    long total = 0;
                    for (int i = 0; i < megabytes * 16; i++) { System.out.write(line, 0, line.length); total += line.length; }
                    System.out.flush();
                    return total;
                }
                public void flood() {
                    Thread t = new Thread(() -> { while (true) { print(1); } }, "fixture-flood");
                    t.setDaemon(true);
                    t.start();
                }
                public void dieInThread() {
                    new Thread(() -> { throw new IllegalStateException("died on its own"); }, "fixture-dying").start();
                }
            }
            """;

    private static final String LAB_EXCEPTION_SOURCE = """
            package fixture;

            public class LabException extends java.io.IOException {
                public LabException(String message) { super(message); }
            }
            """;

    private static final String BAD_INIT_SOURCE = """
            package fixture;

            public class BadInit {
                static final int VALUE = compute();
                static int compute() { throw new IllegalStateException("static trouble"); }
                public static int value() { return VALUE; }
            }
            """;

    /** The student's copy of the lab record: same name and components as the lab's. */
    private static final String PACKET_SOURCE = """
            package socketlab.udp;

            public record RdtPacket(byte type, int seq, byte[] payload) {
            }
            """;

    /**
     * Takes the agent's place (first on the classpath): greets correctly, then breaks the protocol as its mode says.
     */
    private static final String HOSTILE_AGENT_SOURCE = """
            package socketlab.grader.agent;

            import java.io.*;
            import java.net.*;
            import java.nio.charset.StandardCharsets;
            import java.util.Random;

            public final class Agent {
                interface Body { void write(DataOutputStream out) throws IOException; }

                public static void main(String[] args) throws Exception {
                    String mode;
                    try (InputStream m = Agent.class.getResourceAsStream("/hostile-mode.txt")) {
                        mode = new String(m.readAllBytes(), StandardCharsets.US_ASCII).trim();
                    }
                    String[] hello = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
                            .readLine().trim().split(" ");
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(hello[0]));
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
                    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                    boolean wrongToken = mode.startsWith("wrong-token");
                    String token = wrongToken ? "0".repeat(hello[1].length()) : hello[1];
                    frame(out, w -> { w.writeByte(10); string(w, token); });
                    if (wrongToken) {
                        while (in.read() != -1) { }
                        System.out.println("REJECTED " + ProcessHandle.current().pid());
                        System.out.flush();
                        if (mode.equals("wrong-token-exit")) { System.exit(7); }
                        Thread.sleep(60_000);
                        System.exit(8);
                    }
                    byte[] call = new byte[in.readInt()];
                    in.readFully(call);
                    DataInputStream c = new DataInputStream(new ByteArrayInputStream(call));
                    c.readByte();
                    long id = c.readLong();
                    switch (mode) {
                        case "huge-length" -> { out.writeInt(2_000_000_000); out.write(new byte[1024]); out.flush(); }
                        case "string-longer-than-frame" -> frame(out, w -> {
                            w.writeByte(11); w.writeLong(id); w.writeByte(9); w.writeInt(1_000_000); w.write("abc".getBytes());
                        });
                        case "string-longer-than-rest" -> frame(out, w -> {
                            w.writeByte(11); w.writeLong(id); w.writeByte(9); w.writeInt(10); w.write("abc".getBytes());
                        });
                        case "truncated-result" -> frame(out, w -> w.writeByte(11));
                        case "unknown-id" -> frame(out, w -> { w.writeByte(11); w.writeLong(id + 1000); w.writeByte(5); w.writeInt(42); });
                        case "graded-failure" -> thrown(out, id, "socketlab.grader.core.GradedFailure", "java.lang.AssertionError",
                                "java.lang.Error", "java.lang.Throwable");
                        case "test-aborted" -> thrown(out, id, "org.opentest4j.TestAbortedException");
                        case "out-of-memory" -> thrown(out, id, "java.lang.OutOfMemoryError", "java.lang.VirtualMachineError",
                                "java.lang.Error", "java.lang.Throwable");
                        case "random" -> {
                            Random random = new Random(42);
                            byte[] chunk = new byte[1 << 20];
                            for (int i = 0; i < 50; i++) { random.nextBytes(chunk); out.write(chunk); }
                            out.flush();
                        }
                        case "random-result" -> {
                            Random random = new Random(42);
                            for (int i = 0; i < 50; i++) {
                                byte[] rest = new byte[(1 << 20) - 9];
                                random.nextBytes(rest);
                                frame(out, w -> { w.writeByte(11); w.writeLong(id); w.write(rest); });
                            }
                        }
                        default -> throw new IllegalArgumentException(mode);
                    }
                    System.out.println("HOSTILE DONE");
                    System.out.flush();
                    Thread.sleep(60_000); // and says nothing more
                    System.exit(9);
                }

                static void thrown(DataOutputStream out, long id, String... classes) throws IOException {
                    frame(out, w -> {
                        w.writeByte(12);
                        w.writeLong(id);
                        w.writeInt(classes.length);
                        for (String name : classes) { string(w, name); }
                        w.writeBoolean(true);
                        string(w, "pass");
                        w.writeInt(0);
                        w.writeBoolean(false);
                    });
                }

                static void frame(DataOutputStream out, Body body) throws IOException {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    body.write(new DataOutputStream(bytes));
                    out.writeInt(bytes.size());
                    bytes.writeTo(out);
                    out.flush();
                }

                static void string(DataOutputStream out, String s) throws IOException {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
            """;

    @TempDir
    static Path temp;

    private static Path fixtures;
    private static Path hostileAgent;
    private static Path agent;

    private final List<StudentJvm> started = Collections.synchronizedList(new ArrayList<>());
    private final List<Map.Entry<String, Throwable>> deaths = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Map.Entry<String, Throwable>> firstDeath = new CompletableFuture<>();
    private final Console console = new Console();

    @BeforeAll
    static void compileFixtures() throws IOException {
        agent = Bridge.agentLocation();
        fixtures = compile(
                "fixtures",
                Map.of(
                        "fixture/Echo.java",
                        ECHO_SOURCE,
                        "fixture/LabException.java",
                        LAB_EXCEPTION_SOURCE,
                        "fixture/BadInit.java",
                        BAD_INIT_SOURCE,
                        "socketlab/udp/RdtPacket.java",
                        PACKET_SOURCE));
        hostileAgent = compile("hostile", Map.of("socketlab/grader/agent/Agent.java", HOSTILE_AGENT_SOURCE));
    }

    @AfterEach
    void stopAll() {
        List.copyOf(started).forEach(StudentJvm::close);
    }

    // 1. Round trip ---------------------------------------------------------------------------------

    @Test
    void valuesAndHandlesMakeTheRoundTrip() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = (Remote) jvm.construct(ECHO, new String[] {"java.lang.String"}, new Object[] {"echo"});
        assertThat(echo.jvm()).isSameAs(jvm);

        assertThat(call(jvm, echo, "plusOne", types("int"), 41)).isEqualTo(42);
        assertThat(call(jvm, echo, "big")).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(call(jvm, echo, "pi")).isEqualTo(Math.PI);
        assertThat(call(jvm, echo, "greet", types("java.lang.String"), "you")).isEqualTo("echo greets you");
        byte[] bytes = (byte[]) call(jvm, echo, "bytes", types("int"), 1 << 20);
        assertThat(bytes).hasSize(1 << 20);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != (byte) (i * 31 + 7)) {
                fail("byte " + i + " differs");
            }
        }
        int sum = 0;
        for (byte b : bytes) {
            sum += b;
        }
        assertThat(call(jvm, echo, "sum", types("[B"), (Object) bytes)).isEqualTo(sum);
        assertThat(call(jvm, echo, "words")).isEqualTo(List.of("alpha", "b\u00e9ta", "gamma"));
        Object packet = call(jvm, echo, "packet", types("int"), 7);
        assertThat(packet).isInstanceOf(RdtPacket.class);
        assertThat(((RdtPacket) packet).type()).isEqualTo((byte) 'D');
        assertThat(((RdtPacket) packet).seq()).isEqualTo(7);
        assertThat(((RdtPacket) packet).payload()).containsExactly(1, 2, 3);
        assertThat(call(jvm, echo, "nothing")).isNull();
        assertThat(call(jvm, echo, "remember", types("java.lang.String"), "kept"))
                .isNull();
        assertThat(call(jvm, echo, "last")).isEqualTo("kept");
        assertThat(jvm.call(0, ECHO, "twice", types("int"), new Object[] {21})).isEqualTo(42);
        assertThat(jvm.call(0, ECHO, "where", NONE, NO_ARGS)).isEqualTo("static");

        Remote child = (Remote) call(jvm, echo, "child", types("java.lang.String"), "kid");
        assertThat(child.jvm()).isSameAs(jvm);
        assertThat(child.handle()).isNotIn(0, echo.handle());
        assertThat(call(jvm, child, "name")).isEqualTo("echo/kid");
        assertThat(call(jvm, child, "greet", types("java.lang.String"), "parent"))
                .isEqualTo("echo/kid greets parent");
        StandIn childStandIn = () -> child;
        assertThat(call(jvm, echo, "nameOf", types(ECHO), childStandIn)).isEqualTo("echo/kid");
        assertThat(jvm.pendingCalls()).isEmpty();
        assertThat(jvm.isAlive()).isTrue();
    }

    // 2. Exceptions --------------------------------------------------------------------------------

    @Test
    void aJdkExceptionArrivesAsItselfWithTheProgramsFrames() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        Throwable thrown = failure(() -> call(jvm, echo, "timeout"));
        assertThat(thrown).isExactlyInstanceOf(SocketTimeoutException.class).hasMessage("x");
        StackTraceElement top = thrown.getStackTrace()[0];
        assertThat(top.getClassName()).isEqualTo(ECHO);
        assertThat(top.getMethodName()).isEqualTo("timeout");
        assertThat(top.getFileName()).isEqualTo("Echo.java");
        assertThat(top.getLineNumber()).isEqualTo(lineOf(ECHO_SOURCE, "TIMEOUT-LINE"));
        assertThat(jvm.isAlive()).isTrue();
    }

    @Test
    void aProgramsOwnExceptionArrivesAsItsNearestJdkSuperclassNamingIt() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        Throwable thrown = failure(() -> call(jvm, echo, "custom"));
        assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("fixture.LabException: custom trouble");
        assertThat(thrown.getStackTrace()[0]).satisfies(top -> {
            assertThat(top.getClassName()).isEqualTo(ECHO);
            assertThat(top.getLineNumber()).isEqualTo(lineOf(ECHO_SOURCE, "CUSTOM-LINE"));
        });
    }

    @Test
    void aFailingStaticInitializerArrivesAsExceptionInInitializerError() throws Throwable {
        StudentJvm jvm = start();
        Throwable thrown = failure(() -> jvm.call(0, "fixture.BadInit", "value", NONE, NO_ARGS));
        assertThat(thrown).isExactlyInstanceOf(ExceptionInInitializerError.class);
        // Once a class failed to initialise, the JVM says so again on each later use.
        assertThat(failure(() -> jvm.call(0, "fixture.BadInit", "value", NONE, NO_ARGS)))
                .isExactlyInstanceOf(NoClassDefFoundError.class);
        assertThat(jvm.isAlive()).isTrue();
    }

    @Test
    void anOutOfMemoryErrorOfTheProgramsJvmDoesNotPassForOneOfTheTestJvms() throws Throwable {
        // JUnit rethrows an OutOfMemoryError (UnrecoverableExceptions) and so would abort the whole run.
        StudentJvm jvm = start();
        Throwable thrown = failure(() -> call(jvm, newEcho(jvm), "outOfMemory"));
        assertThat(thrown)
                .isNotInstanceOf(VirtualMachineError.class)
                .isExactlyInstanceOf(Error.class)
                .hasMessage("java.lang.OutOfMemoryError: pretend heap space");
        assertThat(thrown.getStackTrace()[0].getClassName()).isEqualTo(ECHO);
    }

    @Test
    void aThreadOfTheProgramThatDiesIsReported() throws Throwable {
        StudentJvm jvm = start();
        call(jvm, newEcho(jvm), "dieInThread");
        Map.Entry<String, Throwable> death = firstDeath.get(5, TimeUnit.SECONDS);
        assertThat(death.getKey()).isEqualTo("fixture-dying");
        assertThat(death.getValue())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("died on its own");
    }

    // 3. Callbacks ---------------------------------------------------------------------------------

    @Test
    void aConsumerPassedToTheProgramIsCalledBackFromItsThreads() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> listener = s -> {
            heard.add(s);
            threads.add(Thread.currentThread().getName());
        };
        Object told = call(jvm, echo, "tell", types("java.util.function.Consumer", "int"), listener, 4);
        assertThat(told).isEqualTo(8);
        assertThat(heard)
                .containsExactly(
                        "caller-0", "caller-1", "caller-2", "caller-3", "other-0", "other-1", "other-2", "other-3");
        assertThat(threads).allMatch(name -> !name.equals(Thread.currentThread().getName()));
        // The same callback object may be passed again.
        assertThat(call(jvm, echo, "tell", types("java.util.function.Consumer", "int"), listener, 1))
                .isEqualTo(2);
        assertThat(heard).hasSize(10).endsWith("caller-0", "other-0");
    }

    // 4. Concurrency -------------------------------------------------------------------------------

    @Test
    void aBlockedCallDoesNotHoldUpAnotherOnTheSameObject() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        CompletableFuture<Object> blocked = async(() -> call(jvm, echo, "awaitRelease"));
        assertThat(call(jvm, echo, "awaitEntered")).isEqualTo(true);
        assertThat(jvm.pendingCalls()).hasSize(1);
        assertThat(jvm.pendingCallThreads()).containsValue("Echo.awaitRelease()");
        assertThat(call(jvm, echo, "plusOne", types("int"), 1)).isEqualTo(2);
        assertThat(blocked).isNotDone();
        call(jvm, echo, "release");
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo("released");
        assertThat(jvm.pendingCalls()).isEmpty();
    }

    @Test
    void eightThreadsMakingFiveHundredCallsEachGetTheirOwnAnswers() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        List<CompletableFuture<Object>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1_000_000;
            threads.add(async(() -> {
                for (int i = 0; i < 500; i++) {
                    Object answer = i % 2 == 0
                            ? call(jvm, echo, "plusOne", types("int"), base + i)
                            : jvm.call(0, ECHO, "twice", types("int"), new Object[] {base + i});
                    int expected = i % 2 == 0 ? base + i + 1 : 2 * (base + i);
                    if (!Integer.valueOf(expected).equals(answer)) {
                        throw new AssertionError(
                                "call " + i + " of base " + base + " answered " + answer + ", not " + expected);
                    }
                }
                return base;
            }));
        }
        for (CompletableFuture<Object> thread : threads) {
            thread.get(20, TimeUnit.SECONDS);
        }
        assertThat(jvm.pendingCalls()).isEmpty();
    }

    // 5. System.exit -------------------------------------------------------------------------------

    @Test
    void systemExitFailsTheCallAndEndsTheJvm() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        Throwable thrown = failureWithin(FEW_SECONDS, () -> call(jvm, echo, "exit", types("int"), 3));
        assertThat(thrown)
                .isExactlyInstanceOf(ProgramEndedException.class)
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("System.exit")
                .hasMessageContaining("Echo.exit()");
        assertThat(jvm.isAlive()).isFalse();
        assertThat(jvm.pendingCalls()).isEmpty();
        assertThat(failureWithin(FEW_SECONDS, () -> call(jvm, echo, "plusOne", types("int"), 1)))
                .isExactlyInstanceOf(ProgramEndedException.class)
                .hasMessageContaining("exit code 3");
    }

    // 6. Hostile agents ----------------------------------------------------------------------------

    @Test
    void aFrameOfTwoGigabytesIsRefusedBeforeAnythingIsAllocated() throws Throwable {
        StudentJvm jvm = startHostile("huge-length");
        assertBrokenOff(jvm, "a frame of 2000000000 bytes");
    }

    @Test
    void aStringLongerThanItsFrameIsRefused() throws Throwable {
        StudentJvm jvm = startHostile("string-longer-than-frame");
        assertBrokenOff(jvm, "a length of 1000000");
    }

    @Test
    void aStringLongerThanWhatIsLeftOfItsFrameIsAProtocolErrorNotAClosedConnection() throws Throwable {
        StudentJvm jvm = startHostile("string-longer-than-rest");
        assertBrokenOff(jvm, "ends before");
    }

    @Test
    void aResultCutShortIsAProtocolErrorNotAClosedConnection() throws Throwable {
        StudentJvm jvm = startHostile("truncated-result");
        assertBrokenOff(jvm, "ends before");
    }

    @Test
    void aResultForACallNeverMadeEndsTheJvmRatherThanLeaveTheCallWaiting() throws Throwable {
        StudentJvm jvm = startHostile("unknown-id");
        assertBrokenOff(jvm, "never made");
    }

    @Test
    void anExceptionNamedAfterTheGradersFailureIsNotMadeAsOne() throws Throwable {
        StudentJvm jvm = startHostile("graded-failure");
        Throwable thrown = failureWithin(FEW_SECONDS, () -> newEcho(jvm));
        assertThat(thrown.getClass().getName()).startsWith("java.");
        assertThat(thrown)
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("socketlab.grader.core.GradedFailure: pass");
        assertThat(jvm.isAlive()).isTrue(); // a well-formed message: only that call fails
    }

    @Test
    void anExceptionNamedAfterJunitsAbortIsNotMadeAsOne() throws Throwable {
        StudentJvm jvm = startHostile("test-aborted");
        Throwable thrown = failureWithin(FEW_SECONDS, () -> newEcho(jvm));
        assertThat(thrown)
                .isExactlyInstanceOf(RuntimeException.class)
                .hasMessage("org.opentest4j.TestAbortedException: pass");
    }

    @Test
    void anOutOfMemoryErrorNamedByTheProgramIsNotMadeAsOne() throws Throwable {
        StudentJvm jvm = startHostile("out-of-memory");
        Throwable thrown = failureWithin(FEW_SECONDS, () -> newEcho(jvm));
        assertThat(thrown).isExactlyInstanceOf(Error.class).hasMessage("java.lang.OutOfMemoryError: pass");
    }

    @Test
    void fiftyMegabytesOfRandomBytesEndTheJvm() throws Throwable {
        StudentJvm jvm = startHostile("random");
        assertBrokenOff(jvm, "could not read");
    }

    @Test
    void fiftyMegabytesOfRandomResultsEndTheJvm() throws Throwable {
        StudentJvm jvm = startHostile("random-result");
        assertBrokenOff(jvm, "could not read");
    }

    @Test
    void anAgentShowingTheWrongTokenThenEndingFailsTheStartAtOnce() {
        long began = System.nanoTime();
        Throwable thrown = failureWithin(Duration.ofSeconds(10), () -> startHostile("wrong-token-exit"));
        assertThat(thrown)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ended as it started")
                .hasMessageContaining("exit code 7");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(console.text()).contains("REJECTED");
    }

    @Test
    void anAgentShowingTheWrongTokenIsNeverTakenForTheAgent() throws Throwable {
        // Start keeps waiting for the right token (for up to StudentJvm's START_LIMIT, 30 s): end the
        // impostor once it was turned away, and start must fail at once rather than accept it.
        CompletableFuture<Object> start = async(() -> startHostile("wrong-token-stay"));
        String line = console.awaitLine("REJECTED ", Duration.ofSeconds(10));
        assertThat(start).isNotDone();
        long pid = Long.parseLong(line.substring("REJECTED ".length()).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Throwable thrown = failure(() -> start.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(IOException.class).hasMessageContaining("ended as it started");
    }

    // 7. Output ------------------------------------------------------------------------------------

    @Test
    void tenMegabytesPrintedDuringACallDoNotBlockIt() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        Object printed =
                failureOrResultWithin(Duration.ofSeconds(10), () -> call(jvm, echo, "print", types("int"), 10));
        assertThat(printed).isEqualTo(10L * 1024 * 1024);
        console.awaitBytes(10L * 1024 * 1024, Duration.ofSeconds(10));
        assertThat(console.total()).isEqualTo(10L * 1024 * 1024);
        assertThat(call(jvm, echo, "plusOne", types("int"), 1)).isEqualTo(2);
    }

    @Test
    void endlessOutputIsCutAtTheLimitAndCallsGoOn() throws Throwable {
        StudentJvm jvm = start();
        Remote echo = newEcho(jvm);
        call(jvm, echo, "flood");
        console.awaitText("the grader stopped reading your program's stdout", Duration.ofSeconds(20));
        assertThat(console.total()).isBetween(StudentJvm.MAX_OUTPUT_BYTES, StudentJvm.MAX_OUTPUT_BYTES + 8192 + 200);
        assertThat(call(jvm, echo, "plusOne", types("int"), 1)).isEqualTo(2);
    }

    // ----------------------------------------------------------------------------------------------

    private StudentJvm start() throws IOException {
        return start(List.of(agent, fixtures));
    }

    private StudentJvm start(List<Path> classpath) throws IOException {
        StudentJvm jvm = StudentJvm.start(classpath, null, console, (thread, e) -> {
            deaths.add(Map.entry(thread, e));
            firstDeath.complete(Map.entry(thread, e));
        });
        started.add(jvm);
        return jvm;
    }

    /** A JVM whose agent is the hostile one (first on the classpath), in {@code mode}. */
    private StudentJvm startHostile(String mode) throws IOException {
        Path modeFolder = Files.createTempDirectory(temp, "mode-");
        Files.writeString(modeFolder.resolve("hostile-mode.txt"), mode);
        return start(List.of(modeFolder, hostileAgent, agent, fixtures));
    }

    /** The hostile agent breaks the protocol on the first call: it fails soon, clearly, and the JVM is ended. */
    private static void assertBrokenOff(StudentJvm jvm, String why) throws Exception {
        long began = System.nanoTime();
        Throwable thrown = failureWithin(FEW_SECONDS, () -> newEcho(jvm));
        assertThat(thrown)
                .isExactlyInstanceOf(ProgramEndedException.class)
                .hasMessageContaining("sent the grader a message it could not read")
                .hasMessageContaining(why)
                .hasMessageContaining("Echo()");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(FEW_SECONDS);
        assertThat(jvm.isAlive()).isFalse();
        jvm.handle().onExit().get(5, TimeUnit.SECONDS);
        assertThat(jvm.pendingCalls()).isEmpty();
        assertThat(failureWithin(FEW_SECONDS, () -> newEcho(jvm)))
                .isExactlyInstanceOf(ProgramEndedException.class)
                .hasMessageContaining("could not read");
    }

    private static Remote newEcho(StudentJvm jvm) throws Throwable {
        return (Remote) jvm.construct(ECHO, new String[] {"java.lang.String"}, new Object[] {"echo"});
    }

    private static Object call(StudentJvm jvm, Remote target, String method) throws Throwable {
        return call(jvm, target, method, NONE);
    }

    private static Object call(StudentJvm jvm, Remote target, String method, String[] types, Object... args)
            throws Throwable {
        return jvm.call(target.handle(), ECHO, method, types, args);
    }

    private static String[] types(String... names) {
        return names;
    }

    interface Action {
        Object run() throws Throwable;
    }

    private static CompletableFuture<Object> async(Action action) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        future.complete(action.run());
                    } catch (Throwable t) {
                        future.completeExceptionally(t);
                    }
                },
                "student-jvm-test-caller");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    private static Throwable failure(Action action) {
        try {
            Object result = action.run();
            throw new AssertionError("expected a failure, got " + result);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * What {@code action} threw, which it must within {@code limit} (run on a thread of its own, so a hang is seen).
     */
    private static Throwable failureWithin(Duration limit, Action action) {
        try {
            Object result = async(action).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("still waiting after " + limit.toSeconds() + " s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Object failureOrResultWithin(Duration limit, Action action) throws Throwable {
        try {
            return async(action).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("still waiting after " + limit.toSeconds() + " s");
        }
    }

    private static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(marker);
    }

    private static Path compile(String name, Map<String, String> sources) throws IOException {
        Path src = temp.resolve(name + "-src");
        Path classes = Files.createDirectories(temp.resolve(name + "-classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        try (var fileManager = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            messages,
                            fileManager,
                            null,
                            List.of(
                                    "--release",
                                    "17",
                                    "-g",
                                    "-proc:none",
                                    "-encoding",
                                    "UTF-8",
                                    "-d",
                                    classes.toString()),
                            null,
                            fileManager.getJavaFileObjectsFromPaths(files))
                    .call();
            assertThat(ok).as("fixtures compile:\n%s", messages).isTrue();
        }
        return classes;
    }

    /** The program's output as the test sees it: counted, with its first megabyte kept as text. */
    private static final class Console extends OutputStream {
        private static final int KEPT = 1 << 20;
        private final StringBuilder head = new StringBuilder();
        private final StringBuilder tail = new StringBuilder();
        private long total;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            total += len;
            String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
            if (head.length() < KEPT) {
                head.append(text, 0, Math.min(text.length(), KEPT - head.length()));
            }
            tail.append(text);
            if (tail.length() > 8192) {
                tail.delete(0, tail.length() - 8192);
            }
            notifyAll();
        }

        synchronized long total() {
            return total;
        }

        synchronized String text() {
            return head + "\n…\n" + tail;
        }

        synchronized void awaitText(String text, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!head.toString().contains(text) && !tail.toString().contains(text)) {
                waitUntil(deadline, "'" + text + "' in the program's output");
            }
        }

        synchronized String awaitLine(String start, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                int at = head.indexOf(start);
                if (at >= 0) {
                    int end = head.indexOf("\n", at);
                    if (end >= 0) {
                        return head.substring(at, end);
                    }
                }
                waitUntil(deadline, "a line '" + start + "…' in the program's output");
            }
        }

        synchronized void awaitBytes(long n, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (total < n) {
                waitUntil(deadline, n + " bytes of output (" + total + " so far)");
            }
        }

        private void waitUntil(long deadline, String what) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " in time; output so far:\n" + text());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
