package socketlab.grader.toxiproxy.embedded;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Toxiproxy's HTTP API routes, status codes and bodies. Every failure becomes a JSON error answer; nothing a
 * client sends can surface as a stack trace.
 */
final class ApiRoutes implements HttpHandler {
    static final String VERSION = "2.12.0";
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final ProxyRegistry registry;

    ApiRoutes(ProxyRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (agent != null && agent.startsWith("Mozilla/")) {
                sendText(exchange, 403, "User agent not allowed\n");
                return;
            }
            try {
                route(exchange, segments(exchange.getRequestURI().getRawPath()), exchange.getRequestMethod());
            } catch (ApiError error) {
                sendJson(exchange, error.status(), ApiJson.write(ApiJson.error(error)) + "\n");
            } catch (RuntimeException unexpected) {
                ApiError error = ApiError.internal(String.valueOf(unexpected));
                sendJson(exchange, 500, ApiJson.write(ApiJson.error(error)) + "\n");
            }
        }
    }

    private void route(HttpExchange exchange, List<String> path, String method) throws IOException {
        int size = path.size();
        if (size == 1 && path.get(0).equals("version")) {
            if (allow(exchange, method, "GET")) {
                send(exchange, 200, "application/json;charset=utf-8", "{\"version\": \"" + VERSION + "\"}\n");
            }
        } else if (size == 1 && path.get(0).equals("reset")) {
            if (allow(exchange, method, "POST")) {
                registry.reset();
                sendEmpty(exchange);
            }
        } else if (size == 1 && path.get(0).equals("populate")) {
            if (allow(exchange, method, "POST")) {
                populate(exchange);
            }
        } else if (size >= 1 && path.get(0).equals("proxies")) {
            routeProxies(exchange, path, method);
        } else {
            sendText(exchange, 404, "404 page not found\n");
        }
    }

    private void routeProxies(HttpExchange exchange, List<String> path, String method) throws IOException {
        int size = path.size();
        if (size == 1) {
            if (method.equals("GET")) {
                sendJson(exchange, 200, ApiJson.write(registry.toJson()));
            } else if (allow(exchange, method, "POST")) {
                ManagedProxy created = registry.create(body(exchange));
                sendJson(exchange, 201, ApiJson.write(created.toJson()));
            }
        } else if (size == 2) {
            String name = path.get(1);
            switch (method) {
                case "GET" -> sendJson(exchange, 200, ApiJson.write(registry.get(name).toJson()));
                case "POST", "PATCH" -> {
                    ManagedProxy proxy = registry.get(name);
                    sendJson(exchange, 200, ApiJson.write(registry.update(proxy.name(), body(exchange)).toJson()));
                }
                case "DELETE" -> {
                    registry.delete(name);
                    sendEmpty(exchange);
                }
                default -> sendStatus(exchange, 405);
            }
        } else if (size == 3 && path.get(2).equals("toxics")) {
            ManagedProxy proxy = registry.get(path.get(1));
            if (method.equals("GET")) {
                sendJson(exchange, 200, ApiJson.write(ApiJson.toxics(proxy.toxics().all())));
            } else if (allow(exchange, method, "POST")) {
                ToxicDefinition toxic = proxy.toxics().add(body(exchange));
                sendJson(exchange, 200, ApiJson.write(ApiJson.toxic(toxic)));
            }
        } else if (size == 4 && path.get(2).equals("toxics")) {
            ManagedProxy proxy = registry.get(path.get(1));
            String toxicName = path.get(3);
            switch (method) {
                case "GET" -> {
                    ToxicDefinition toxic = proxy.toxics().find(toxicName);
                    if (toxic == null) {
                        throw ApiError.toxicNotFound();
                    }
                    sendJson(exchange, 200, ApiJson.write(ApiJson.toxic(toxic)));
                }
                case "POST", "PATCH" -> {
                    ToxicDefinition toxic = proxy.toxics().update(toxicName, body(exchange));
                    sendJson(exchange, 200, ApiJson.write(ApiJson.toxic(toxic)));
                }
                case "DELETE" -> {
                    proxy.toxics().remove(toxicName);
                    sendEmpty(exchange);
                }
                default -> sendStatus(exchange, 405);
            }
        } else {
            sendText(exchange, 404, "404 page not found\n");
        }
    }

    /** Answers 201 with the proxies, or the error status with {"error","status","proxies":null} as Toxiproxy does. */
    private void populate(HttpExchange exchange) throws IOException {
        JsonObject answer = new JsonObject();
        int status = 201;
        JsonArray proxies = new JsonArray();
        try {
            registry.populate(body(exchange)).forEach(p -> proxies.add(p.toJson()));
            answer.add("proxies", proxies);
        } catch (ApiError error) {
            status = error.status();
            answer.addProperty("error", error.getMessage());
            answer.addProperty("status", error.status());
            answer.add("proxies", com.google.gson.JsonNull.INSTANCE);
        }
        sendJson(exchange, status, ApiJson.write(answer));
    }

    /** gorilla/mux answers a known path with the wrong method with 405 and an empty body. */
    private static boolean allow(HttpExchange exchange, String method, String allowed) throws IOException {
        if (method.equals(allowed)) {
            return true;
        }
        sendStatus(exchange, 405);
        return false;
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiError.badRequestBody("http: request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEmpty(HttpExchange exchange) throws IOException {
        sendStatus(exchange, 204);
    }

    private static void sendStatus(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.getResponseBody().close();
    }
}
