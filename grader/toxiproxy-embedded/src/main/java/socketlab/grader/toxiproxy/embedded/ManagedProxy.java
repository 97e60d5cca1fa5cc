package socketlab.grader.toxiproxy.embedded;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One named proxy: its listener, accept thread, live connections and toxics. Start, stop and update follow
 * Toxiproxy's Proxy: changing listen or upstream restarts it; disabling closes the listener and every connection.
 */
final class ManagedProxy {
    private static final int UPSTREAM_CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long JOIN_MILLIS = 5_000;

    private final String name;
    private final ToxicCollection toxics = new ToxicCollection();
    private final ScheduledExecutorService timer;
    private final RandomSource random;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();

    private String listen;
    /** Volatile so the accept thread can read it while stop() holds the lock and waits for that thread. */
    private volatile String upstream;

    private boolean enabled;
    private ServerSocketChannel server;
    private Thread acceptThread;

    ManagedProxy(String name, String listen, String upstream, ScheduledExecutorService timer, RandomSource random) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.timer = timer;
        this.random = random;
    }

    String name() {
        return name;
    }

    ToxicCollection toxics() {
        return toxics;
    }

    synchronized String listen() {
        return listen;
    }

    synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    synchronized JsonObject toJson() {
        return ApiJson.proxy(name, listen, upstream, enabled, toxics.all());
    }

    /** Binds the listener (on loopback only) and starts accepting; "listen" becomes the bound address. */
    synchronized void start() {
        if (enabled) {
            return;
        }
        InetSocketAddress bindAddress = HostPort.bindAddressFor(listen);
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(bindAddress, 128);
            listen = HostPort.format((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                Connection.closeQuietly(channel);
            }
            throw ApiError.internal("listen tcp " + HostPort.format(bindAddress) + ": bind: " + e.getMessage());
        }
        server = channel;
        enabled = true;
        ServerSocketChannel accepting = channel;
        acceptThread = EngineThreads.start("accept-" + name, () -> acceptLoop(accepting));
    }

    /** Closes the listener, waits for the accept thread, then closes every connection and waits for its threads. */
    synchronized void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        Connection.closeQuietly(server);
        EngineThreads.join(acceptThread, JOIN_MILLIS);
        List<Connection> open = new ArrayList<>(connections);
        open.forEach(Connection::close);
        open.forEach(c -> c.join(JOIN_MILLIS));
        connections.removeAll(open);
        server = null;
        acceptThread = null;
    }

    /** Toxiproxy's Proxy.Update: a new listen or upstream stops the proxy, then "enabled" decides whether it runs. */
    synchronized void update(String newListen, String newUpstream, boolean newEnabled) {
        if (!newListen.equals(listen) || !newUpstream.equals(upstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (newEnabled != enabled) {
            if (newEnabled) {
                start();
            } else {
                stop();
            }
        }
    }

    private void acceptLoop(ServerSocketChannel channel) {
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException closed) {
                return;
            }
            SocketChannel upstreamChannel = dial(upstream);
            if (upstreamChannel == null) {
                Connection.closeQuietly(client); // unreachable upstream: the client sees its connection closed
                continue;
            }
            try {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException clientGone) {
                Connection.closeQuietly(client);
                Connection.closeQuietly(upstreamChannel);
                continue;
            }
            Connection connection = new Connection(client, upstreamChannel, toxics, timer, random, connections::remove);
            connections.add(connection);
            try {
                connection.start(name + "-c" + connectionIds.incrementAndGet());
            } catch (OutOfMemoryError noThreadLeft) {
                // Too many connections for the JVM's threads: this one is closed, the proxy goes on accepting.
                connection.close();
            }
        }
    }

    private static SocketChannel dial(String address) {
        SocketChannel channel = null;
        try {
            HostPort target = HostPort.parse(address, "dial");
            channel = SocketChannel.open();
            channel.socket()
                    .connect(new InetSocketAddress(target.host(), target.port()), UPSTREAM_CONNECT_TIMEOUT_MILLIS);
            // Go sets TCP_NODELAY on every TCP connection; without it Nagle would distort small-message latency.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return channel;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                Connection.closeQuietly(channel);
            }
            return null;
        }
    }
}
