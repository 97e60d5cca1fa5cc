package socketlab.grader.toxiproxy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests get Toxiproxy's 4xx JSON answers; none crashes the engine or leaks a stack trace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedApiRobustnessTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedToxiproxy engine;

    @BeforeAll
    void start() throws Exception {
        engine = EmbeddedToxiproxy.start();
        send("POST", "/proxies", "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
        send("POST", "/proxies/p/toxics", "{\"name\":\"lat\",\"type\":\"latency\"}");
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "POST  | /proxies                  | ''                                              | 400",
                "POST  | /proxies                  | '{'                                             | 400",
                "POST  | /proxies                  | '[1,2]'                                         | 400",
                "POST  | /proxies                  | '\"text\"'                                        | 400",
                "POST  | /proxies                  | '{\"name\":5,\"upstream\":\"x:1\"}'                 | 400",
                "POST  | /proxies                  | '{\"name\":\"q\",\"upstream\":\"x:1\",\"enabled\":\"yes\"}' | 400",
                "POST  | /proxies                  | '{\"name\":\"q\",\"upstream\":[]}'                  | 400",
                "POST  | /proxies                  | '{\"name\":\"p\",\"upstream\":\"x:1\"}'               | 409",
                "POST  | /proxies                  | "
                        + "'{\"name\":\"q\",\"listen\":\"10.9.8.7:0\",\"upstream\":\"x:1\"}' | 400",
                "PATCH | /proxies/p                | '{\"enabled\":1}'                                 | 400",
                "PATCH | /proxies/p                | 'nope'                                          | 400",
                "PATCH | /proxies/missing          | '{}'                                            | 404",
                "POST  | /proxies/missing/toxics   | '{\"type\":\"latency\"}'                            | 404",
                "POST  | /proxies/p/toxics         | ''                                              | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"earthquake\"}'                         | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"latency\",\"stream\":\"both\"}'          | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"latency\",\"stream\":7}'                 | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"latency\",\"toxicity\":\"all\"}'         | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"latency\",\"attributes\":[]}'           | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"bandwidth\",\"attributes\":{\"rate\":1.5}}' | 400",
                "POST  | /proxies/p/toxics         | "
                        + "'{\"type\":\"limit_data\",\"attributes\":{\"bytes\":99999999999999999999}}' | 400",
                "POST  | /proxies/p/toxics         | '{\"type\":\"slicer\",\"attributes\":{\"delay\":true}}' | 400",
                "POST  | /proxies/p/toxics         | '{\"name\":\"lat\",\"type\":\"latency\"}'             | 409",
                "PATCH | /proxies/p/toxics/lat     | '{\"attributes\":{\"latency\":\"x\"}}'               | 400",
                "PATCH | /proxies/p/toxics/lat     | '{\"toxicity\":[]}'                               | 400",
                "PATCH | /proxies/p/toxics/missing | '{}'                                            | 404",
                "POST  | /populate                 | '{}'                                            | 400",
                "POST  | /populate                 | '[{\"name\":\"a\"}]'                                | 400",
                "POST  | /populate                 | '[{\"upstream\":\"x:1\"}]'                          | 400",
                "POST  | /populate                 | '[7]'                                           | 400",
            })
    void badRequestsGetJsonErrors(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(method, path, body);

        assertThat(response.statusCode()).isEqualTo(status);
        JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(error.get("error").getAsString())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(error.get("status").getAsInt()).isEqualTo(status);
        assertThat(send("GET", "/version", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /nowhere, 404",
        "GET, /proxies/p/toxics/lat/extra, 404",
        "PUT, /proxies, 405",
        "GET, /reset, 405",
        "DELETE, /version, 405",
    })
    void unknownRoutesAndMethodsAreRefused(String method, String path, int status) throws Exception {
        assertThat(send(method, path, null).statusCode()).isEqualTo(status);
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(engine.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
