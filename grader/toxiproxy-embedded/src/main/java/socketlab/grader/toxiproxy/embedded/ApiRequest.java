package socketlab.grader.toxiproxy.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One complete HTTP request to the API: the method, the percent-decoded path (as Go's {@code URL.Path}), the raw
 * query, the headers (names in lower case, first value wins) and the whole body.
 */
record ApiRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
