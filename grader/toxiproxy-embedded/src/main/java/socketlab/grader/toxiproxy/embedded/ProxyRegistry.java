package socketlab.grader.toxiproxy.embedded;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/** The named proxies of one engine, with Toxiproxy's ProxyCollection rules (unique names, populate, reset). */
final class ProxyRegistry {
    private final Map<String, ManagedProxy> proxies = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private final RandomSource random;

    ProxyRegistry(ScheduledExecutorService timer, RandomSource random) {
        this.timer = timer;
        this.random = random;
    }

    synchronized List<ManagedProxy> all() {
        return new ArrayList<>(proxies.values());
    }

    synchronized ManagedProxy get(String name) {
        ManagedProxy proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiError.proxyNotFound();
        }
        return proxy;
    }

    /** POST /proxies: "enabled" defaults to true; the proxy is only added if it could start. */
    synchronized ManagedProxy create(String body) {
        JsonObject json = JsonBody.object(body, "toxiproxy.Proxy");
        String name = orEmpty(JsonBody.string(json, "name", "Proxy.name"));
        String listen = orEmpty(JsonBody.string(json, "listen", "Proxy.listen"));
        String upstream = orEmpty(JsonBody.string(json, "upstream", "Proxy.upstream"));
        Boolean enabled = JsonBody.bool(json, "enabled", "Proxy.enabled");
        if (name.isEmpty()) {
            throw ApiError.missingField("name");
        }
        if (upstream.isEmpty()) {
            throw ApiError.missingField("upstream");
        }
        if (proxies.containsKey(name)) {
            throw ApiError.proxyAlreadyExists();
        }
        ManagedProxy proxy = new ManagedProxy(name, listen, upstream, timer, random);
        if (enabled == null || enabled) {
            proxy.start();
        }
        proxies.put(name, proxy);
        return proxy;
    }

    /** POST/PATCH /proxies/{name}: fields left out keep their current values. */
    ManagedProxy update(String name, String body) {
        ManagedProxy proxy = get(name);
        JsonObject json = JsonBody.object(body, "toxiproxy.Proxy");
        String listen = JsonBody.string(json, "listen", "Proxy.listen");
        String upstream = JsonBody.string(json, "upstream", "Proxy.upstream");
        Boolean enabled = JsonBody.bool(json, "enabled", "Proxy.enabled");
        synchronized (proxy) {
            proxy.update(
                    listen == null ? proxy.listen() : listen,
                    upstream == null ? proxy.upstream() : upstream,
                    enabled == null ? proxy.enabled() : enabled);
        }
        return proxy;
    }

    void delete(String name) {
        ManagedProxy proxy;
        synchronized (this) {
            proxy = get(name);
            proxies.remove(name);
        }
        proxy.stop();
    }

    /**
     * POST /populate: validates every entry before changing anything; an existing proxy with the same listen
     * and upstream is kept (with its toxics), a different one is replaced.
     */
    synchronized List<ManagedProxy> populate(String body) {
        String entryType = "struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }";
        JsonArray array = JsonBody.array(body, "[]" + entryType);
        List<ManagedProxy> fresh = new ArrayList<>();
        List<Boolean> starts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (!element.isJsonObject() && !element.isJsonNull()) {
                throw ApiError.badRequestBody(
                        "json: cannot unmarshal " + JsonBody.kind(element) + " into Go value of type " + entryType);
            }
            JsonObject json =
                    element.isJsonNull() ? new JsonObject() : element.getAsJsonObject(); // null: Go's zero value
            String name = orEmpty(JsonBody.string(json, "name", "Proxy.name"));
            String listen = orEmpty(JsonBody.string(json, "listen", "Proxy.listen"));
            String upstream = orEmpty(JsonBody.string(json, "upstream", "Proxy.upstream"));
            Boolean enabled = JsonBody.bool(json, "enabled", ".enabled");
            if (name.isEmpty()) {
                throw ApiError.missingField("name at proxy " + (i + 1));
            }
            if (upstream.isEmpty()) {
                throw ApiError.missingField("upstream at proxy " + (i + 1));
            }
            if (!names.add(name)) {
                throw ApiError.internal("duplicate proxy name \"" + name + "\"");
            }
            boolean start = enabled == null || enabled;
            if (start) {
                HostPort.bindAddressFor(listen); // as Toxiproxy 2.12: enabled entries need a valid address up front
            }
            fresh.add(new ManagedProxy(name, listen, upstream, timer, random));
            starts.add(start);
        }
        List<ManagedProxy> result = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            ManagedProxy proxy = fresh.get(i);
            ManagedProxy existing = proxies.get(proxy.name());
            if (existing != null) {
                if (existing.listen().equals(proxy.listen())
                        && existing.upstream().equals(proxy.upstream())) {
                    result.add(existing);
                    continue;
                }
                existing.stop();
            }
            if (starts.get(i)) {
                proxy.start();
            }
            proxies.put(proxy.name(), proxy);
            result.add(proxy);
        }
        return result;
    }

    /** POST /reset: every proxy enabled again and every toxic removed. */
    void reset() {
        for (ManagedProxy proxy : all()) {
            proxy.start();
            proxy.toxics().removeAll();
        }
    }

    /** Stops every proxy (engine shutdown). */
    void closeAll() {
        List<ManagedProxy> all;
        synchronized (this) {
            all = new ArrayList<>(proxies.values());
            proxies.clear();
        }
        all.forEach(ManagedProxy::stop);
    }

    synchronized JsonObject toJson() {
        JsonObject json = new JsonObject();
        for (Map.Entry<String, ManagedProxy> entry : new TreeMap<>(proxies).entrySet()) {
            json.add(entry.getKey(), entry.getValue().toJson());
        }
        return json;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
