package socketlab.grader.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

/** The relay's sockets: IPv4, bound to 127.0.0.1 on an ephemeral port, so traffic never leaves the machine. */
public final class Loopback {
    /** 127.0.0.1 spelled out: getLoopbackAddress() may be ::1, and the relay's sockets are IPv4. */
    public static final InetAddress ADDRESS = ipv4Loopback();
    /** Ask for big buffers so bursts queue in the kernel instead of being dropped there (the kernel may cap it). */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private Loopback() {}

    static DatagramChannel open(boolean blocking) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            askForBigBuffers(channel);
            channel.bind(new InetSocketAddress(ADDRESS, 0));
            channel.configureBlocking(blocking);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Best effort: some systems (macOS) refuse sizes above their maximum instead of capping them. */
    private static void askForBigBuffers(DatagramChannel channel) {
        for (var option : java.util.List.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF)) {
            try {
                channel.setOption(option, SOCKET_BUFFER_BYTES);
            } catch (IOException refused) {
                // Keep the system's default size.
            }
        }
    }

    static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a datagram socket only fails if it is already broken; it is released either way.
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) { // only thrown for a malformed address
            throw new IllegalStateException(impossible);
        }
    }
}
