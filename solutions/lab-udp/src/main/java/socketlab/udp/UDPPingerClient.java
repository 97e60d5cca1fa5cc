package socketlab.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import socketlab.Args;

/**
 * The client of the textbook's UDP pinger lab: it sends {@link #PINGS} pings ("PING &lt;seq&gt; &lt;time&gt;"),
 * waits at most {@link #TIMEOUT_MILLIS} for each reply, prints each round-trip time (RTT) or
 * "Request timed out", then the lowest, mean and highest RTT and the share of pings lost.
 *
 * <pre>
 *   java -cp lab-udp/target/classes socketlab.udp.UDPPingerClient [host [port]]   (127.0.0.1 12000 if none are given)
 *
 *   PING 1: RTT = 101.234 ms
 *   PING 2: Request timed out
 *   ...
 *   --- 10 pings sent, 7 replies received, 30.0% loss ---
 *   RTT min/avg/max = 95.123/101.456/118.789 ms
 * </pre>
 *
 * When every ping is lost, the last line is {@code RTT min/avg/max = n/a (no replies)}.
 */
public class UDPPingerClient implements Closeable {

    /** How many pings the program sends. */
    public static final int PINGS = 10;

    /** How long to wait for each reply, as in the textbook's lab. */
    public static final int TIMEOUT_MILLIS = 1000;

    /** What {@link #ping(int)} returns when no reply came in time. */
    public static final double TIMED_OUT = -1;

    private final InetSocketAddress serverAddress;
    private final DatagramSocket clientSocket;

    /** Prepares a client for the pinger server at {@code serverName}:{@code serverPort}. */
    public UDPPingerClient(String serverName, int serverPort) throws IOException {
        serverAddress = new InetSocketAddress(serverName, serverPort);
        if (serverAddress.isUnresolved()) {
            throw new UnknownHostException("unknown host '" + serverName + "'");
        }
        // Step 1: create the client's UDP socket.
        clientSocket = new DatagramSocket();
        // Skeleton: clientSocket = todo(1);
    }

    /**
     * Sends ping {@code seq} and waits for its reply.
     *
     * @return the round-trip time in milliseconds, or {@link #TIMED_OUT} if the reply did not come
     *         within {@link #TIMEOUT_MILLIS}
     */
    public double ping(int seq) throws IOException {
        String message = "PING " + seq + " " + System.currentTimeMillis();
        // Step 2: send the message to the server, and note when it left with System.nanoTime(): that
        // clock is made for measuring intervals (currentTimeMillis may jump when the clock is set).
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        long sentAt = System.nanoTime();
        clientSocket.send(new DatagramPacket(bytes, bytes.length, serverAddress));
        // Skeleton: long sentAt = todo(2);

        long deadline = sentAt + TIMEOUT_MILLIS * 1_000_000L;
        byte[] buffer = new byte[2048];
        while (true) {
            long millisLeft = (deadline - System.nanoTime()) / 1_000_000;
            if (millisLeft <= 0) {
                return TIMED_OUT;
            }
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            // Step 3: wait for a datagram, but no longer than what is left of this ping's second
            // (setSoTimeout(millisLeft)); if none comes, the ping timed out: return TIMED_OUT.
            clientSocket.setSoTimeout((int) millisLeft);
            try {
                clientSocket.receive(reply);
            } catch (SocketTimeoutException e) {
                return TIMED_OUT;
            }
            // End of step 3.
            double rttMillis = (System.nanoTime() - sentAt) / 1e6;
            String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);

            // Step 4: the reply to this ping is an exact copy of it. Anything else -- the late reply to
            // an earlier ping, a duplicate, a stray datagram -- is not: ignore it and keep waiting,
            // or its RTT would be counted for the wrong ping.
            if (text.equals(message)) {
                return rttMillis;
            }
            // End of step 4.
        }
    }

    /**
     * The two summary lines for {@code sent} pings whose replies came back after {@code rtts}
     * milliseconds (timed-out pings are not in the list).
     */
    public static List<String> summary(int sent, List<Double> rtts) {
        // Step 5: the loss (the share of pings without a reply, in percent) and the lowest, mean and
        // highest RTT, in the format shown at the top of this file. When no reply came back there is
        // no RTT to summarise: print "RTT min/avg/max = n/a (no replies)" (never NaN or 1.79e308).
        double loss = sent == 0 ? 0 : 100.0 * (sent - rtts.size()) / sent;
        String counts = String.format(Locale.ROOT, "--- %d pings sent, %d replies received, %.1f%% loss ---",
                sent, rtts.size(), loss);
        if (rtts.isEmpty()) {
            return List.of(counts, "RTT min/avg/max = n/a (no replies)");
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        double total = 0;
        for (double rtt : rtts) {
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            total += rtt;
        }
        return List.of(counts, String.format(Locale.ROOT, "RTT min/avg/max = %.3f/%.3f/%.3f ms",
                min, total / rtts.size(), max));
        // Skeleton: return todo(5);
    }

    @Override
    public void close() {
        clientSocket.close();
    }

    public static void main(String[] args) {
        Args arguments = Args.of(UDPPingerClient.class, "[host [port]]", args);
        String serverName = arguments.text("127.0.0.1");
        int serverPort = arguments.serverPort(UDPPingerServer.DEFAULT_PORT);
        try (UDPPingerClient client = new UDPPingerClient(serverName, serverPort)) {
            List<Double> rtts = new ArrayList<>();
            for (int seq = 1; seq <= PINGS; seq++) {
                double rtt = client.ping(seq);
                if (rtt == TIMED_OUT) {
                    System.out.println("PING " + seq + ": Request timed out");
                } else {
                    rtts.add(rtt);
                    System.out.println(String.format(Locale.ROOT, "PING %d: RTT = %.3f ms", seq, rtt));
                }
            }
            summary(PINGS, rtts).forEach(System.out::println);
        } catch (IOException e) {
            arguments.fail(e.getMessage());
        }
    }
}
