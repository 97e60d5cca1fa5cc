package socketlab.grader.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import socketlab.grader.agent.Agent;
import socketlab.grader.agent.Values;
import socketlab.grader.agent.Wire;

/**
 * A student's JVM, seen from the test side: a process that holds the lab's classes and the agent,
 * started through the {@link Sandbox}, and one loopback connection to the agent. Calls go out as
 * messages and wait for their answer; everything that comes back is read defensively (bounded
 * frames, strict parsing), and a message that breaks the protocol ends this JVM and fails the calls
 * that were waiting, never the test JVM. What the program prints is drained into a bounded sink.
 */
public final class StudentJvm implements Closeable {

    /** Heap of the student's JVM: ample for the labs, small enough that a runaway program stops itself. */
    static final String MAX_HEAP = "-Xmx256m";
    /** The most the program may print before the grader stops reading (its writes then block). */
    static final long MAX_OUTPUT_BYTES = 64L * 1024 * 1024;

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final Socket socket;
    private final OutputStream out;
    private final Map<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final Map<Long, String> pendingWhat = new ConcurrentHashMap<>();
    private final AtomicLong nextCall = new AtomicLong(1);
    private final Map<Integer, Object> callbacks = new ConcurrentHashMap<>();
    private final AtomicInteger nextCallback = new AtomicInteger(1);
    private final TestValues values = new TestValues();
    private final BiConsumer<String, Throwable> threadDeaths;
    private volatile String broken;

    private StudentJvm(Process process, Socket socket, BiConsumer<String, Throwable> threadDeaths) throws IOException {
        this.process = process;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.threadDeaths = threadDeaths;
    }

    /**
     * Starts a JVM with {@code classpath} (the agent and the student's classes, readable by the sandbox
     * user) and connects to its agent. What it prints goes to {@code console}; each of its threads that
     * dies of an exception is told to {@code threadDeaths}.
     */
    public static StudentJvm start(
            List<Path> classpath, Sandbox sandbox, OutputStream console, BiConsumer<String, Throwable> threadDeaths)
            throws IOException {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    MAX_HEAP,
                    "-Xss1m",
                    "-XX:+UseSerialGC",
                    "-XX:-UseDynamicNumberOfCompilerThreads",
                    "-XX:+DisableAttachMechanism",
                    "-XX:-UsePerfData",
                    "-Djava.awt.headless=true",
                    "-cp",
                    String.join(
                            File.pathSeparator,
                            classpath.stream().map(Path::toString).toList()),
                    Agent.class.getName()));
            ProcessBuilder builder = new ProcessBuilder(sandbox == null ? command : sandbox.command(command));
            if (sandbox != null) {
                sandbox.prepare(builder);
            }
            Process process = builder.start();
            drain(process.getInputStream(), console, "stdout");
            drain(process.getErrorStream(), console, "stderr");
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((listener.getLocalPort() + " " + token + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // it ended before reading: the accept below says so
            }
            Socket socket = accept(listener, token, process);
            StudentJvm jvm = new StudentJvm(process, socket, threadDeaths);
            jvm.startReading();
            return jvm;
        }
    }

    /** Accepts the agent's connection: the first one that shows the token within the limit. */
    private static Socket accept(ServerSocket listener, String token, Process process) throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the JVM for your program ended as it started (exit code " + process.exitValue() + ")");
            }
            listener.setSoTimeout(200);
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketTimeoutException e) {
                continue;
            }
            try {
                socket.setSoTimeout(5000);
                socket.setTcpNoDelay(true);
                Wire.Reader hello = new Wire.Reader(Wire.readFrame(new DataInputStream(socket.getInputStream())));
                if (hello.kind() == Wire.HELLO && hello.string().equals(token)) {
                    socket.setSoTimeout(0);
                    return socket;
                }
            } catch (IOException e) {
                // not our agent: keep waiting for it
            }
            socket.close();
        }
        process.destroyForcibly();
        throw new IOException("the JVM for your program did not start within " + START_LIMIT.toSeconds() + " s");
    }

    private static void drain(InputStream stream, OutputStream console, String name) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    long total = 0;
                    try (stream) {
                        int n;
                        while ((n = stream.read(buffer)) != -1) {
                            total += n;
                            synchronized (console) {
                                console.write(buffer, 0, n);
                            }
                            if (total >= MAX_OUTPUT_BYTES) {
                                synchronized (console) {
                                    console.write(("\n[the grader stopped reading your program's " + name + " after "
                                                    + MAX_OUTPUT_BYTES / (1024 * 1024) + " MB]\n")
                                            .getBytes(StandardCharsets.UTF_8));
                                }
                                return; // its writes now block: a program that floods its output stops there
                            }
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "slk-drain-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return broken == null && process.isAlive();
    }

    /** How many calls are waiting for the program: each holds one of the agent's call threads. */
    public Set<Long> pendingCalls() {
        return Set.copyOf(pending.keySet());
    }

    /** Constructs {@code className} in the student's JVM; returns the handle of the new object. */
    Object construct(String className, String[] types, Object[] args) throws Throwable {
        return send(Wire.NEW, 0, className, "<init>", types, args);
    }

    Object call(int handle, String className, String method, String[] types, Object[] args) throws Throwable {
        return send(Wire.CALL, handle, className, method, types, args);
    }

    private Object send(byte kind, int handle, String className, String method, String[] types, Object[] args)
            throws Throwable {
        String what = className.substring(className.lastIndexOf('.') + 1)
                + (method.equals("<init>") ? "" : "." + method) + "()";
        if (!isAlive()) {
            throw new ProgramEndedException(endedMessage(what));
        }
        long id = nextCall.getAndIncrement();
        Wire.Writer message = new Wire.Writer(kind);
        message.out.writeLong(id);
        if (kind == Wire.CALL) {
            message.out.writeInt(handle);
        }
        Wire.string(message.out, className);
        if (kind == Wire.CALL) {
            Wire.string(message.out, method);
        }
        message.out.writeInt(types.length);
        for (String type : types) {
            Wire.string(message.out, type);
        }
        for (Object arg : args) {
            values.write(message.out, arg);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        pending.put(id, answer);
        pendingWhat.put(id, what);
        try {
            if (broken != null) {
                // it broke off after the check above and may have failed the waiting calls before this one was added
                throw new ProgramEndedException(endedMessage(what));
            }
            write(message.bytes());
            Object outcome = answer.get();
            if (outcome instanceof Thrown thrown) {
                throw thrown.throwable();
            }
            return outcome;
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the test stopped waiting for " + what, e);
        } finally {
            pending.remove(id);
            pendingWhat.remove(id);
        }
    }

    /**
     * The stacks of the program's threads, for feedback: what a call that did not return was doing.
     * The program could lie here, so this only ever explains a failure, never decides one.
     */
    public Map<String, List<StackTraceElement>> describeThreads(Duration limit) {
        long id = nextCall.getAndIncrement();
        try {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            pending.put(id, answer);
            Wire.Writer message = new Wire.Writer(Wire.DESCRIBE_THREADS);
            message.out.writeLong(id);
            write(message.bytes());
            Object lines = answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<StackTraceElement>> threads = new java.util.LinkedHashMap<>();
            if (lines instanceof List<?> list) {
                for (Object line : list) {
                    String[] parts = String.valueOf(line).split("\t");
                    List<StackTraceElement> frames = new ArrayList<>();
                    for (int i = 1; i < parts.length && frames.size() < Wire.MAX_STACK_FRAMES; i++) {
                        String[] f = parts[i].split("\\|", -1);
                        if (f.length == 4) {
                            frames.add(new StackTraceElement(
                                    f[0], f[1], f[2].equals("null") ? null : f[2], parseInt(f[3])));
                        }
                    }
                    threads.put(parts[0], frames);
                }
            }
            return threads;
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } finally {
            pending.remove(id);
        }
    }

    /** The names of the calls still waiting, by the agent thread that runs each ({@code slk-call-ID}). */
    public Map<String, String> pendingCallThreads() {
        Map<String, String> names = new java.util.HashMap<>();
        pendingWhat.forEach((id, what) -> names.put(Agent.CALL_THREAD_PREFIX + id, what));
        return names;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void write(byte[] frame) throws IOException {
        synchronized (out) {
            Wire.writeFrame(out, frame);
        }
    }

    private void startReading() {
        Thread reader = new Thread(
                () -> {
                    try {
                        DataInputStream in =
                                new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
                        while (true) {
                            byte[] frame = Wire.readFrame(in);
                            try {
                                handle(new Wire.Reader(frame));
                            } catch (EOFException e) {
                                // the frame arrived whole: it was its content that ended early, not the connection
                                throw new Wire.ProtocolException("a message that ends before its content does");
                            }
                        }
                    } catch (EOFException | java.net.SocketException e) {
                        breakOff(null);
                    } catch (IOException | RuntimeException e) {
                        breakOff("your program's JVM sent the grader a message it could not read (" + e.getMessage()
                                + "); only the agent may write to the grader's connection");
                    }
                },
                "slk-bridge-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void handle(Wire.Reader frame) throws IOException {
        byte kind = frame.kind();
        switch (kind) {
            case Wire.RESULT -> {
                long id = frame.in.readLong();
                Object value = values.read(frame);
                frame.end();
                complete(id, value);
            }
            case Wire.THROWN -> {
                long id = frame.in.readLong();
                Values.ThrownValue thrown = Values.readThrown(frame);
                frame.end();
                complete(id, new Thrown(Rethrown.from(thrown)));
            }
            case Wire.CALLBACK -> callback(frame);
            case Wire.THREAD_DIED -> {
                String thread = frame.string();
                Values.ThrownValue thrown = Values.readThrown(frame);
                frame.end();
                threadDeaths.accept(thread, Rethrown.from(thrown));
            }
            default -> throw new Wire.ProtocolException("an unknown message " + kind);
        }
    }

    private void complete(long id, Object outcome) throws IOException {
        if (id <= 0 || id >= nextCall.get()) {
            throw new Wire.ProtocolException("an answer to a call the grader never made (" + id + ")");
        }
        CompletableFuture<Object> waiting = pending.get(id);
        if (waiting != null) {
            waiting.complete(outcome);
        }
    }

    /** The program called a callback the test passed it: run it here, on a thread of its own, and answer. */
    private void callback(Wire.Reader frame) throws IOException {
        long call = frame.in.readLong();
        Object target = callbacks.get(frame.in.readInt());
        String method = frame.string();
        int n = frame.length(16);
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            args[i] = values.read(frame);
        }
        frame.end();
        if (target == null) {
            throw new Wire.ProtocolException("a call of a callback the grader never passed");
        }
        Thread thread = new Thread(
                () -> {
                    Object result = null;
                    Throwable thrown = null;
                    try {
                        Method m = findMethod(Values.callbackInterface(target.getClass()), method, n);
                        result = m.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        thrown = e.getCause();
                    } catch (Throwable t) {
                        thrown = t;
                    }
                    try {
                        Wire.Writer answer = new Wire.Writer(Wire.CALLBACK_DONE);
                        answer.out.writeLong(call);
                        answer.out.writeBoolean(thrown == null);
                        if (thrown == null) {
                            values.write(answer.out, result);
                        } else {
                            Values.writeThrown(answer.out, thrown);
                        }
                        write(answer.bytes());
                    } catch (IOException e) {
                        // the program's JVM is gone
                    }
                },
                "slk-callback");
        thread.setDaemon(true);
        thread.start();
    }

    private static Method findMethod(Class<?> type, String name, int arity) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)
                    && m.getParameterCount() == arity
                    && !m.isDefault()
                    && java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    /** The channel is gone or broken: the program's JVM is stopped, and every waiting call learns why. */
    private void breakOff(String why) {
        if (why != null) {
            broken = why;
            process.destroyForcibly();
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (broken == null) {
            broken = process.isAlive() ? "your program's JVM closed the grader's connection" : exitDescription();
        }
        for (Map.Entry<Long, CompletableFuture<Object>> call : pending.entrySet()) {
            String what = pendingWhat.getOrDefault(call.getKey(), "the call");
            call.getValue().complete(new Thrown(new ProgramEndedException(endedMessage(what))));
        }
    }

    /** How the process ended: an exit code of 128 + N is the shell's way of saying signal N ended it. */
    private String exitDescription() {
        int code = process.exitValue();
        return code > 128 && code < 160
                ? "your program's JVM was killed (signal " + (code - 128)
                        + (code == 137 ? ": out of processes or memory, or stopped from outside" : "") + ")"
                : "your program's JVM ended (exit code " + code + ")";
    }

    private String endedMessage(String what) {
        String how = broken != null
                ? broken
                : process.isAlive() ? "your program's JVM stopped answering" : exitDescription();
        boolean exited = !process.isAlive() && how.contains("exit code");
        return how + " during " + what
                + (exited
                        ? ". Did your program call System.exit (or Runtime.halt)? A program under"
                                + " test must never end the JVM; report errors by throwing or printing instead."
                        : ".");
    }

    /** Stops the student's JVM and every process it started. */
    @Override
    public void close() {
        broken = broken == null ? "your program's JVM was stopped by the grader" : broken;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            socket.close();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a call threw, carried through a future's ordinary completion. */
    private record Thrown(Throwable throwable) {}

    /** Values as the test JVM sees them: handles are {@link Remote}s, records are the stand-ins' records. */
    private final class TestValues extends Values {
        @Override
        protected int handleOf(Object value) {
            if (value instanceof StandIn standIn) {
                Remote remote = standIn.remote$();
                if (remote == null || remote.jvm() != StudentJvm.this) {
                    throw new IllegalStateException("this object belongs to a JVM of your program's that has ended");
                }
                return remote.handle();
            }
            if (isCallback(value)) {
                int id = nextCallback.getAndIncrement();
                callbacks.put(id, value);
                return id;
            }
            return -1;
        }

        @Override
        protected boolean isCallback(Object value) {
            if (value instanceof StandIn) {
                return false;
            }
            try {
                Values.callbackInterface(value.getClass());
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        protected Object fromHandle(int handle) {
            return new Remote(StudentJvm.this, handle);
        }

        @Override
        protected Object fromCallback(int id, String interfaceName) throws IOException {
            throw new Wire.ProtocolException("the program sent a callback, which only the grader may do");
        }

        @Override
        protected Object fromRecord(String className, List<Object> components) throws IOException {
            return StandIns.record(className, components);
        }
    }
}
