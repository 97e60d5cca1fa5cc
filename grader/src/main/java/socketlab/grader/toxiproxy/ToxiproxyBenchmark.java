package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurements behind bench-toxiproxy, against one Toxiproxy (the embedded engine, or a real one at
 * TOXIPROXY_URL), with programs on 127.0.0.1. Throughput is compared with direct loopback measured in the same
 * run, alternating with the proxied runs.
 */
final class ToxiproxyBenchmark implements Closeable {
    /**
     * The best of the runs each way, the ratio of each proxied run to the direct run just before it (sorted), and
     * the CPU time per MB the proxied runs took.
     */
    record Throughput(double directMBps, double proxiedMBps, double[] pairRatios, CpuPerMegabyte cpu) {
        double ratio() {
            return proxiedMBps / directMBps;
        }

        double medianPairRatio() {
            return percentile(pairRatios, 50);
        }
    }

    /**
     * Microseconds of CPU per MB (10^6 bytes) moved through the proxy: the sending program's, the receiving
     * program's, and the proxy's (NaN where it runs in another process). With a proxy as costly as both ends
     * together, its throughput is bounded by the CPUs the machine has, not by waiting.
     */
    record CpuPerMegabyte(double senderMicros, double sinkMicros, double proxyMicros) {
        /**
         * The most MB/s these CPU costs allow on {@code cpus} processors, with perfect scheduling: all three
         * together can use every CPU, and each, being one thread per direction, at most one (NaN without the
         * proxy's figure).
         */
        double ceilingMBps(int cpus) {
            double total = senderMicros + sinkMicros + proxyMicros;
            double busiest = Math.max(proxyMicros, Math.max(senderMicros, sinkMicros));
            return Math.min(cpus * 1e6 / total, 1e6 / busiest);
        }
    }

    /** CPU nanoseconds of the proxied runs, added up. */
    private static final class CpuTally {
        long bytes;
        long sender;
        long sink;
        long proxy = Long.MIN_VALUE; // unknown until a backend reports it

        CpuPerMegabyte perMegabyte() {
            double megabytes = bytes / 1e6;
            return new CpuPerMegabyte(
                    sender / 1e3 / megabytes,
                    sink / 1e3 / megabytes,
                    proxy == Long.MIN_VALUE ? Double.NaN : proxy / 1e3 / megabytes);
        }
    }

    record LatencyError(
            int roundTrips,
            double baselineMillis,
            double medianErrorMillis,
            double p99ErrorMillis,
            double p99AbsoluteErrorMillis) {}

    record Bandwidth(long targetKBps, double measuredKBps) {
        double errorPercent() {
            return (measuredKBps - targetKBps) * 100.0 / targetKBps;
        }
    }

    private static final int BUFFER = 64 * 1024;

    private final ToxiproxyBackend backend;
    private final AtomicLong names = new AtomicLong();

    /** Measures through {@code backend}, which the benchmark closes. */
    ToxiproxyBenchmark(ToxiproxyBackend backend) {
        this.backend = backend;
    }

    String name() {
        return backend.name();
    }

    /** Best of several alternating runs each way, so a busy moment on the machine does not decide the ratio. */
    Throughput throughput(long bytes, int runs) throws IOException {
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread sinkThread = daemon("bench-sink", () -> drainForever(sink, bytes));
            Proxy proxy = backend.createProxy(name("throughput"), sink.getLocalPort());
            double direct = 0;
            double proxied = 0;
            double[] pairRatios = new double[runs];
            CpuTally cpu = new CpuTally();
            for (int i = 0; i < runs; i++) {
                double directRun = send("127.0.0.1", sink.getLocalPort(), bytes, sinkThread, null);
                double proxiedRun = send(backend.host(), port(proxy), bytes, sinkThread, cpu);
                direct = Math.max(direct, directRun);
                proxied = Math.max(proxied, proxiedRun);
                pairRatios[i] = proxiedRun / directRun;
            }
            proxy.delete();
            sinkThread.interrupt();
            Arrays.sort(pairRatios);
            return new Throughput(direct, proxied, pairRatios, cpu.perMegabyte());
        }
    }

    /** Round trips of a 1-byte message with 50 ms (or any) latency, minus the median round trip without it. */
    LatencyError latency(long latencyMillis, int roundTrips) throws IOException {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            daemon("bench-echo", () -> echoForever(echo));
            Proxy proxy = backend.createProxy(name("latency"), echo.getLocalPort());
            try (Socket socket = connect(backend.host(), port(proxy))) {
                double[] baseline = roundTrips(socket, Math.max(50, roundTrips / 2));
                double baselineMedian = percentile(baseline, 50);
                proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, latencyMillis);
                double[] errors = roundTrips(socket, roundTrips);
                double[] absolute = new double[errors.length];
                for (int i = 0; i < errors.length; i++) {
                    errors[i] -= baselineMedian + latencyMillis;
                    absolute[i] = Math.abs(errors[i]);
                }
                return new LatencyError(
                        roundTrips,
                        baselineMedian,
                        percentile(errors, 50),
                        percentile(errors, 99),
                        percentile(absolute, 99));
            } finally {
                proxy.delete();
            }
        }
    }

    /** Time for the server's bytes to cross a bandwidth toxic, from connecting to the last byte. */
    Bandwidth bandwidth(long kbPerSecond, long bytes) throws IOException {
        try (ServerSocket source = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            daemon("bench-source", () -> sendOnce(source, bytes));
            Proxy proxy = backend.createProxy(name("bandwidth"), source.getLocalPort());
            proxy.toxics().bandwidth("bandwidth", ToxicDirection.DOWNSTREAM, kbPerSecond);
            try (Socket socket = connect(backend.host(), port(proxy))) {
                long start = System.nanoTime();
                long received = drain(socket.getInputStream());
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Bandwidth(kbPerSecond, received / 1000.0 / seconds);
            } finally {
                proxy.delete();
            }
        }
    }

    @Override
    public void close() {
        backend.close();
    }

    private String name(String what) {
        return "bench-" + what + "-" + ProcessHandle.current().pid() + "-" + names.incrementAndGet();
    }

    /** MB/s (10^6 bytes) of writing bytes to a sink that drains them; adds the CPU it took to {@code cpu} if given. */
    private double send(String host, int port, long bytes, Thread sinkThread, CpuTally cpu) throws IOException {
        byte[] buffer = new byte[BUFFER];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Socket socket = connect(host, port)) {
            OutputStream out = socket.getOutputStream();
            long senderBefore = threads.getCurrentThreadCpuTime();
            long sinkBefore = threads.getThreadCpuTime(sinkThread.getId());
            OptionalLong proxyBefore = cpu == null ? OptionalLong.empty() : backend.proxyCpuNanos();
            long start = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += buffer.length) {
                out.write(buffer);
            }
            // The sink answers one byte once it has read everything, so the time covers delivery, not just buffering.
            // (No half-close: like Toxiproxy, the engine closes the whole upstream connection on the client's FIN.)
            if (socket.getInputStream().read() < 0) {
                throw new IOException("sink closed early");
            }
            double megabytesPerSecond = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
            if (cpu != null) {
                // Sampled before the socket closes: the connection's proxy threads end with it.
                cpu.bytes += bytes;
                cpu.sender += threads.getCurrentThreadCpuTime() - senderBefore;
                cpu.sink += threads.getThreadCpuTime(sinkThread.getId()) - sinkBefore;
                OptionalLong proxyAfter = backend.proxyCpuNanos();
                if (proxyBefore.isPresent() && proxyAfter.isPresent()) {
                    cpu.proxy = Math.max(cpu.proxy, 0) + proxyAfter.getAsLong() - proxyBefore.getAsLong();
                }
            }
            return megabytesPerSecond;
        }
    }

    private static void drainForever(ServerSocket sink, long bytes) {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            try (Socket socket = sink.accept()) {
                InputStream in = socket.getInputStream();
                long total = 0;
                int n;
                while (total < bytes && (n = in.read(buffer)) >= 0) {
                    total += n;
                }
                socket.getOutputStream().write(1);
                drain(in);
            } catch (IOException closed) {
                if (sink.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void echoForever(ServerSocket echo) {
        while (true) {
            try (Socket socket = echo.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                }
            } catch (IOException closed) {
                if (echo.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void sendOnce(ServerSocket source, long bytes) {
        try (Socket socket = source.accept()) {
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            for (long sent = 0; sent < bytes; sent += buffer.length) {
                out.write(buffer, 0, (int) Math.min(buffer.length, bytes - sent));
            }
        } catch (IOException ignored) {
            // the benchmark reports what arrived
        }
    }

    private static double[] roundTrips(Socket socket, int count) throws IOException {
        double[] millis = new double[count];
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            out.write(i & 0x7f);
            if (in.read() < 0) {
                throw new IOException("echo closed");
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
        }
        return total;
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Where programs on this host reach the proxy. */
    private int port(Proxy proxy) {
        String listen = proxy.getListen();
        return backend.hostPortFor(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    }

    private static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
