package socketlab.grader.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in the student's JVM, next to the student's classes and nothing of the grader's but this
 * package. The test JVM starts it, tells it on standard input where to connect and the one-time
 * token to show, and then asks it to construct the lab's objects and call their methods. Each call
 * runs on a thread of its own (named {@code slk-call-ID}), so a serving loop can block while the
 * test calls {@code port()} or {@code close()}. What a call returns or throws goes back as a value.
 *
 * <p>Nothing here is trusted by the test JVM: the student's code shares this JVM and can do anything
 * this code can. The agent only saves honest programs from writing a protocol of their own.
 */
public final class Agent {

    /** The name prefix of the agent's call threads (the test side counts them out of a program's threads). */
    public static final String CALL_THREAD_PREFIX = "slk-call-";
    /** The name of an agent thread waiting for a call. */
    public static final String IDLE_THREAD_NAME = "slk-ready";

    static final int READY_THREADS = 4;

    private final OutputStream out;
    private final Map<Integer, Object> objects = new ConcurrentHashMap<>();
    private final Map<Object, Integer> handles = new ConcurrentHashMap<>();
    private final AtomicInteger nextHandle = new AtomicInteger(1);
    private final Map<Long, CompletableFuture<Object>> callbacks = new ConcurrentHashMap<>();
    private final AtomicLong nextCallback = new AtomicLong(1);
    private final Map<String, Executable> lookups = new ConcurrentHashMap<>();
    /**
     * Runs the calls: {@value #READY_THREADS} threads started with the JVM (so they are there before any
     * test counts threads) take the calls; one more is made for each call beyond those and ends with it.
     * A thread is named {@code slk-call-ID} while it runs call ID, so the test side can tell it apart.
     */
    private final ThreadPoolExecutor calls = new ThreadPoolExecutor(
            READY_THREADS, Integer.MAX_VALUE, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, IDLE_THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });

    private final StudentValues values = new StudentValues();

    private Agent(OutputStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        String[] hello = Wire.readLine(System.in, 200).trim().split(" ");
        if (hello.length != 2) {
            System.err.println("socketlab agent: expected 'PORT TOKEN' on standard input");
            Runtime.getRuntime().halt(3);
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(hello[0])), 10_000);
        socket.setTcpNoDelay(true);
        Agent agent = new Agent(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        agent.calls.prestartAllCoreThreads();
        Wire.Writer greeting = new Wire.Writer(Wire.HELLO);
        Wire.string(greeting.out, hello[1]);
        agent.send(greeting.bytes());
        Thread.setDefaultUncaughtExceptionHandler(agent::threadDied);
        try {
            agent.serve(new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024)));
        } catch (EOFException | java.net.SocketException e) {
            // the test side is gone
        }
        Runtime.getRuntime().halt(0);
    }

    private void serve(DataInputStream in) throws IOException {
        while (true) {
            Wire.Reader frame = new Wire.Reader(Wire.readFrame(in));
            byte kind = frame.kind();
            switch (kind) {
                case Wire.NEW, Wire.CALL -> startCall(kind, frame);
                case Wire.CALLBACK_DONE -> callbackDone(frame);
                case Wire.DESCRIBE_THREADS -> describeThreads(frame);
                default -> throw new Wire.ProtocolException("unknown message " + kind);
            }
        }
    }

    /** Reads a call's message here, in order, and runs it on a thread of its own. */
    private void startCall(byte kind, Wire.Reader frame) throws IOException {
        long id = frame.in.readLong();
        int handle = kind == Wire.CALL ? frame.in.readInt() : 0;
        String className = frame.string();
        String method = kind == Wire.CALL ? frame.string() : "<init>";
        int n = frame.length(32);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(frame.string());
        }
        Object[] args = new Object[n];
        Object target;
        try {
            for (int i = 0; i < n; i++) {
                args[i] = values.read(frame);
            }
            target = handle == 0 ? null : values.fromHandle(handle);
        } catch (IOException | RuntimeException e) {
            reply(id, null, e);
            return;
        }
        calls.execute(() -> {
            Thread.currentThread().setName(CALL_THREAD_PREFIX + id);
            try {
                runCall(id, target, className, method, types, args);
            } finally {
                Thread.interrupted(); // a call must not leave its thread interrupted for the next one
                Thread.currentThread().setName(IDLE_THREAD_NAME);
            }
        });
    }

    private void runCall(long id, Object target, String className, String method, List<String> types, Object[] args) {
        Object result = null;
        Throwable thrown = null;
        try {
            Executable executable = lookup(className, method, types);
            if (executable instanceof Constructor<?> constructor) {
                result = constructor.newInstance(args);
            } else {
                result = ((Method) executable).invoke(target, args);
            }
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        } catch (Throwable t) {
            thrown = t;
        }
        reply(id, result, thrown);
    }

    private void reply(long id, Object result, Throwable thrown) {
        try {
            Wire.Writer message = new Wire.Writer(thrown == null ? Wire.RESULT : Wire.THROWN);
            message.out.writeLong(id);
            if (thrown == null) {
                try {
                    values.write(message.out, result);
                } catch (IOException e) {
                    message = new Wire.Writer(Wire.THROWN);
                    message.out.writeLong(id);
                    Values.writeThrown(message.out, e);
                }
            } else {
                Values.writeThrown(message.out, thrown);
            }
            send(message.bytes());
        } catch (IOException e) {
            // the channel is gone; the test side treats the call as lost
        }
    }

    private Executable lookup(String className, String method, List<String> types) throws ReflectiveOperationException {
        String key = className + "#" + method + types;
        Executable cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        Class<?> type = Class.forName(className, true, ClassLoader.getSystemClassLoader());
        Class<?>[] parameters = new Class<?>[types.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = typeNamed(types.get(i));
        }
        Executable found =
                method.equals("<init>") ? type.getConstructor(parameters) : type.getMethod(method, parameters);
        lookups.put(key, found);
        return found;
    }

    private static Class<?> typeNamed(String name) throws ClassNotFoundException {
        return switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "short" -> short.class;
            case "char" -> char.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> Class.forName(name, false, ClassLoader.getSystemClassLoader());
        };
    }

    private void callbackDone(Wire.Reader frame) throws IOException {
        long id = frame.in.readLong();
        boolean ok = frame.in.readBoolean();
        CompletableFuture<Object> waiting = callbacks.remove(id);
        if (waiting == null) {
            return;
        }
        if (ok) {
            waiting.complete(values.read(frame));
        } else {
            Values.ThrownValue thrown = Values.readThrown(frame);
            waiting.completeExceptionally(
                    new IllegalStateException("the grader's " + thrown.className() + ": " + thrown.message()));
        }
    }

    private void describeThreads(Wire.Reader frame) throws IOException {
        long id = frame.in.readLong();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry :
                Thread.getAllStackTraces().entrySet()) {
            StringBuilder line = new StringBuilder(entry.getKey().getName());
            for (StackTraceElement element : entry.getValue()) {
                line.append('\t')
                        .append(element.getClassName())
                        .append('|')
                        .append(element.getMethodName())
                        .append('|')
                        .append(element.getFileName())
                        .append('|')
                        .append(element.getLineNumber());
            }
            lines.add(line.toString());
        }
        reply(id, lines, null);
    }

    private void threadDied(Thread thread, Throwable e) {
        try {
            Wire.Writer message = new Wire.Writer(Wire.THREAD_DIED);
            Wire.string(message.out, thread.getName());
            Values.writeThrown(message.out, e);
            send(message.bytes());
        } catch (IOException ignored) {
            // nothing to tell it on
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace();
    }

    private void send(byte[] frame) throws IOException {
        synchronized (out) {
            Wire.writeFrame(out, frame);
        }
    }

    /** A test-side callback (a Consumer the test passed): calling it sends a message and waits for the answer. */
    private final class Callback implements InvocationHandler {
        private final int id;
        private final Class<?> type;

        Callback(int id, Class<?> type) {
            this.id = id;
            this.type = type;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "the grader's " + type.getSimpleName();
                };
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            long call = nextCallback.getAndIncrement();
            CompletableFuture<Object> answer = new CompletableFuture<>();
            callbacks.put(call, answer);
            Wire.Writer message = new Wire.Writer(Wire.CALLBACK);
            message.out.writeLong(call);
            message.out.writeInt(id);
            Wire.string(message.out, method.getName());
            Object[] actual = args == null ? new Object[0] : args;
            message.out.writeInt(actual.length);
            for (Object arg : actual) {
                values.write(message.out, arg);
            }
            send(message.bytes());
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    /** Values as the student's JVM sees them: handles name the student's objects, records are the student's. */
    private final class StudentValues extends Values {
        @Override
        protected int handleOf(Object value) {
            if (Proxy.isProxyClass(value.getClass())
                    && Proxy.getInvocationHandler(value) instanceof Callback callback) {
                return callback.id;
            }
            return handles.computeIfAbsent(new Identity(value), key -> {
                int handle = nextHandle.getAndIncrement();
                objects.put(handle, value);
                return handle;
            });
        }

        @Override
        protected boolean isCallback(Object value) {
            return Proxy.isProxyClass(value.getClass()) && Proxy.getInvocationHandler(value) instanceof Callback;
        }

        @Override
        protected Object fromHandle(int handle) throws IOException {
            Object object = objects.get(handle);
            if (object == null) {
                throw new Wire.ProtocolException("no object has handle " + handle);
            }
            return object;
        }

        @Override
        protected Object fromCallback(int id, String interfaceName) throws IOException {
            if (!isCallbackType(interfaceName)) {
                throw new Wire.ProtocolException(
                        "a callback of a type that is not one of the JDK's functional interfaces: " + interfaceName);
            }
            try {
                Class<?> type = Class.forName(interfaceName, false, ClassLoader.getPlatformClassLoader());
                if (!type.isInterface()) {
                    throw new Wire.ProtocolException(interfaceName + " is no interface");
                }
                return Proxy.newProxyInstance(
                        ClassLoader.getSystemClassLoader(), new Class<?>[] {type}, new Callback(id, type));
            } catch (ClassNotFoundException e) {
                throw new Wire.ProtocolException("no interface " + interfaceName);
            }
        }

        @Override
        protected Object fromRecord(String className, List<Object> components) throws IOException {
            try {
                return newRecord(Class.forName(className, true, ClassLoader.getSystemClassLoader()), components);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new Wire.ProtocolException("cannot make a " + className + ": " + e);
            }
        }
    }

    /** Keys the handle table by identity: a student's equals() or hashCode() must not merge two objects. */
    private record Identity(Object value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
