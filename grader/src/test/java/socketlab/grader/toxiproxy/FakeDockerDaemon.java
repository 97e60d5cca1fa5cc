package socketlab.grader.toxiproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker Engine API endpoint on 127.0.0.1 that answers (ping, version, info) but cannot pull an image, as on an
 * air-gapped machine: what Testcontainers meets when Docker is up and the registry is not. Point DOCKER_HOST at
 * {@link #dockerHost()}. Records every request it gets.
 */
final class FakeDockerDaemon implements Closeable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeDockerDaemon() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::answer);
        server.start();
    }

    /** For DOCKER_HOST, e.g. tcp://127.0.0.1:41234. */
    String dockerHost() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD /path" of each request so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/_ping")) {
            send(exchange, 200, "text/plain", "OK");
        } else if (path.endsWith("/version")) {
            send(
                    exchange,
                    200,
                    "application/json",
                    "{\"Version\":\"27.0.0\",\"ApiVersion\":\"1.46\",\"MinAPIVersion\":"
                            + "\"1.24\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"KernelVersion\":\"6.1.0\"}");
        } else if (path.endsWith("/info")) {
            send(
                    exchange,
                    200,
                    "application/json",
                    "{\"ID\":\"fake\",\"Name\":\"air-gapped\",\"ServerVersion\":\"27.0.0\","
                            + "\"OperatingSystem\":\"a fake Docker that cannot "
                            + "pull\",\"OSType\":\"linux\",\"Architecture\":"
                            + "\"x86_64\",\"NCPU\":2,\"MemTotal\":2147483648,\"DockerRootDir\":\"/var/lib/docker\","
                            + "\"Labels\":[],\"Containers\":0,\"Images\":0}");
        } else if (path.contains("/images/create")) {
            send(
                    exchange,
                    500,
                    "application/json",
                    "{\"message\":\"Get \\\"https://ghcr.io/v2/\\\": dial tcp: lookup" + " ghcr.io: no such host\"}");
        } else if (path.contains("/images/") && path.endsWith("/json")) {
            send(exchange, 404, "application/json", "{\"message\":\"No such image\"}");
        } else if (path.endsWith("/containers/json")) {
            send(exchange, 200, "application/json", "[]");
        } else if (path.endsWith("/prune")) {
            send(exchange, 200, "application/json", "{\"SpaceReclaimed\":0}");
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"not something this fake Docker does\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Api-Version", "1.46");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
