package socketlab.grader.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FeedbackTest {

    private final Feedback feedback = new Feedback(null, new Trace("T1.serverServesClientsInTurn", 7), "");

    @Test
    void aRefusedConnectionToTheProgramIsTheProgramsNotTheGradersFailure() {
        UncheckedIOException refused = new UncheckedIOException(
                "could not connect to 127.0.0.1:4000: Connection refused", new ConnectException("Connection refused"));
        assertThat(feedback.failed(refused))
                .startsWith(
                        "The grader could not reach your program: ConnectException: Connection refused. Was it still"
                                + " serving?")
                .doesNotContain("could not run this test");
    }

    @Test
    void aBackendsFailureIsStillTheGraders() {
        ConnectException apiDown = new ConnectException("Connection refused");
        apiDown.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("eu.rekawek.toxiproxy.HttpClient", "post", "HttpClient.java", 40)
        });
        assertThat(feedback.failed(new UncheckedIOException(
                        "Toxiproxy refused a latency toxic", new java.io.IOException(apiDown))))
                .startsWith("The grader could not run this test: UncheckedIOException");
    }
}
