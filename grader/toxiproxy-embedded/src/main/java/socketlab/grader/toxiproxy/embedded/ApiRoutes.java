package socketlab.grader.toxiproxy.embedded;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Toxiproxy's HTTP API routes, status codes and bodies, with gorilla/mux's routing: an unclean path is redirected
 * (301) to its clean form, a path matches a route exactly (no trailing slash), a known path with the wrong method
 * gets a bare 405, and the middlewares (the browser check) run only for a matched route. Every failure becomes
 * Toxiproxy's JSON error answer; nothing a client sends can surface as a stack trace.
 */
final class ApiRoutes implements Function<ApiRequest, ApiResponse> {
    static final String VERSION = "2.12.0";

    private final ProxyRegistry registry;

    ApiRoutes(ProxyRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ApiResponse apply(ApiRequest request) {
        String path = request.path();
        if (path.equals("*") && request.method().equals("OPTIONS")) {
            return ApiResponse.empty(200); // Go's server answers "OPTIONS *" itself
        }
        String clean = cleanPath(path);
        if (!clean.equals(path)) {
            return ApiResponse.movedTo(escapePath(clean) + (request.query().isEmpty() ? "" : "?" + request.query()));
        }
        Route route = Route.match(path.substring(1).split("/", -1));
        if (route == null) {
            return ApiResponse.error(404, "404 page not found");
        }
        if (!route.methods.contains(request.method())) {
            return ApiResponse.empty(405);
        }
        String agent = request.header("user-agent");
        if (agent != null && agent.startsWith("Mozilla/")) {
            return ApiResponse.error(403, "User agent not allowed");
        }
        try {
            return route(route, path.substring(1).split("/", -1), request);
        } catch (ApiError error) {
            return ApiResponse.error(error.status(), ApiJson.write(ApiJson.error(error)));
        } catch (RuntimeException unexpected) {
            ApiError error = ApiError.internal(String.valueOf(unexpected));
            return ApiResponse.error(500, ApiJson.write(ApiJson.error(error)));
        }
    }

    /** The routes Toxiproxy 2.12 registers; a {@code null} part is a variable ({@code [^/]+}). */
    private enum Route {
        RESET(List.of("POST"), "reset"),
        PROXIES(List.of("GET", "POST"), "proxies"),
        POPULATE(List.of("POST"), "populate"),
        PROXY(List.of("GET", "POST", "PATCH", "DELETE"), "proxies", null),
        TOXICS(List.of("GET", "POST"), "proxies", null, "toxics"),
        TOXIC(List.of("GET", "POST", "PATCH", "DELETE"), "proxies", null, "toxics", null),
        VERSION(List.of("GET"), "version");

        private final List<String> methods;
        private final String[] parts;

        Route(List<String> methods, String... parts) {
            this.methods = methods;
            this.parts = parts;
        }

        static Route match(String[] segments) {
            for (Route route : values()) {
                if (route.matches(segments)) {
                    return route;
                }
            }
            return null;
        }

        private boolean matches(String[] segments) {
            if (segments.length != parts.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                boolean ok = parts[i] == null ? !segments[i].isEmpty() : parts[i].equals(segments[i]);
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    private ApiResponse route(Route route, String[] path, ApiRequest request) {
        String method = request.method();
        return switch (route) {
            case VERSION ->
                ApiResponse.of(200, "application/json;charset=utf-8", "{\"version\": \"" + VERSION + "\"}\n");
            case RESET -> {
                registry.reset();
                yield ApiResponse.empty(204);
            }
            case POPULATE -> populate(request);
            case PROXIES ->
                method.equals("GET")
                        ? json(200, registry.toJson())
                        : json(201, registry.create(request.bodyText()).toJson());
            case PROXY ->
                switch (method) {
                    case "GET" -> json(200, registry.get(path[1]).toJson());
                    case "DELETE" -> {
                        registry.delete(path[1]);
                        yield ApiResponse.empty(204);
                    }
                    default -> {
                        ManagedProxy proxy = registry.get(path[1]);
                        yield json(
                                200,
                                registry.update(proxy.name(), request.bodyText())
                                        .toJson());
                    }
                };
            case TOXICS -> {
                ManagedProxy proxy = registry.get(path[1]);
                yield method.equals("GET")
                        ? json(200, ApiJson.toxics(proxy.toxics().all()))
                        : json(200, ApiJson.toxic(proxy.toxics().add(request.bodyText())));
            }
            case TOXIC -> {
                ManagedProxy proxy = registry.get(path[1]);
                String toxicName = path[3];
                yield switch (method) {
                    case "GET" -> {
                        ToxicDefinition toxic = proxy.toxics().find(toxicName);
                        if (toxic == null) {
                            throw ApiError.toxicNotFound();
                        }
                        yield json(200, ApiJson.toxic(toxic));
                    }
                    case "DELETE" -> {
                        proxy.toxics().remove(toxicName);
                        yield ApiResponse.empty(204);
                    }
                    default -> json(200, ApiJson.toxic(proxy.toxics().update(toxicName, request.bodyText())));
                };
            }
        };
    }

    /**
     * 201 with the proxies ({@code null} when there are none: Go marshals an empty slice that way), or the error
     * status with {"error","status","proxies":null} as Toxiproxy does.
     */
    private ApiResponse populate(ApiRequest request) {
        JsonObject answer = new JsonObject();
        int status = 201;
        try {
            List<ManagedProxy> populated = registry.populate(request.bodyText());
            if (populated.isEmpty()) {
                answer.add("proxies", JsonNull.INSTANCE);
            } else {
                JsonArray proxies = new JsonArray();
                populated.forEach(p -> proxies.add(p.toJson()));
                answer.add("proxies", proxies);
            }
        } catch (ApiError error) {
            status = error.status();
            answer.addProperty("error", error.getMessage());
            answer.addProperty("status", error.status());
            answer.add("proxies", JsonNull.INSTANCE);
        }
        return json(status, answer);
    }

    private static ApiResponse json(int status, JsonElement json) {
        return ApiResponse.json(status, ApiJson.write(json));
    }

    /** gorilla/mux's cleanPath: Go's path.Clean, keeping a trailing slash. */
    static String cleanPath(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        String p = path.startsWith("/") ? path : "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        String clean = "/" + String.join("/", parts);
        if (p.endsWith("/") && !clean.equals("/")) {
            clean += "/";
        }
        return clean;
    }

    /** Go's URL.EscapedPath for a path without a raw form: bytes outside unreserved and "$&+,/:;=@" as %XX. */
    static String escapePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean keep = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~$&+,/:;=@".indexOf(c) >= 0;
            if (keep) {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
