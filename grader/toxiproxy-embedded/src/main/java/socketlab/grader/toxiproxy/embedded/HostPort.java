package socketlab.grader.toxiproxy.embedded;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * "host:port" addresses as Toxiproxy takes them, and the engine's listen policy: proxies only ever listen on
 * loopback. A wildcard or empty host ("0.0.0.0:0", "[::]:0", ":0", "") and "localhost" are bound to 127.0.0.1
 * (so configurations written for Docker still work); any other non-loopback host is refused with a 400.
 */
final class HostPort {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String host;
    private final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Splits like Go's net.SplitHostPort; errors read like Go's net.Listen/net.Dial errors. */
    static HostPort parse(String address, String op) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw ApiError.internal(op + " tcp: address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw ApiError.internal(op + " tcp: address " + address + ": too many colons in address");
        }
        String portText = address.substring(colon + 1);
        int port;
        try {
            port = portText.isEmpty() ? 0 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw ApiError.internal(op + " tcp: lookup tcp/" + portText + ": unknown port");
        }
        if (port < 0 || port > 65535) {
            throw ApiError.internal(op + " tcp: address " + portText + ": invalid port");
        }
        return new HostPort(host, port);
    }

    /** Where a proxy configured with this listen address really binds (always a loopback address). */
    static InetSocketAddress bindAddressFor(String listen) {
        // Go's net.Listen("tcp", "") binds any free port; here that means a free loopback port.
        HostPort parsed = listen.isEmpty() ? new HostPort("", 0) : parse(listen, "listen");
        String host = parsed.host;
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equalsIgnoreCase("localhost")) {
            return new InetSocketAddress(LOOPBACK, parsed.port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw ApiError.internal("listen tcp: lookup " + host + ": no such host");
        }
        if (!address.isLoopbackAddress()) {
            throw new ApiError(
                    "listen tcp " + listen + ": refused: the embedded engine listens on loopback " + "(127.0.0.1) only",
                    400);
        }
        return new InetSocketAddress(address, parsed.port);
    }

    /** Formats a bound address as Go does: "127.0.0.1:41234" or "[::1]:41234". */
    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        return host + ":" + address.getPort();
    }
}
