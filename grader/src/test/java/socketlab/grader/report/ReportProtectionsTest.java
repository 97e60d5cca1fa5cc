package socketlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import socketlab.grader.results.GradingReport;
import socketlab.grader.results.LabResult;
import socketlab.grader.results.LabStatus;
import socketlab.grader.results.Status;
import socketlab.grader.results.TestOutcome;

/**
 * Every view says what the sandbox protected, right under the impairment backends, and says nothing when it protected
 * nothing.
 */
class ReportProtectionsTest {

    private static final List<LabResult> LABS = List.of(new LabResult(
            "lab-udp",
            LabStatus.OK,
            "",
            List.of(new TestOutcome(
                    "lab-udp",
                    "U1",
                    "Uppercase over UDP",
                    "U1.replies",
                    "replies",
                    2,
                    2,
                    Status.PASSED,
                    "",
                    false,
                    false,
                    10))));

    private static final List<String> PROTECTIONS = List.of(
            "your programs ran in JVMs of their own, with none of the grader's or the tests' classes",
            "as a user of their own (uid 61000, no groups, no new privileges)",
            "every process they started was ended when grading ended");

    private static final GradingReport PROTECTED = new GradingReport(
            "submissions/ada", List.of("UDP: seeded datagram relay"), LABS, Duration.ofSeconds(7), "", PROTECTIONS);

    private static final GradingReport UNPROTECTED =
            new GradingReport("submissions/ada", List.of("UDP: seeded datagram relay"), LABS, Duration.ofSeconds(7));

    private static final String LINE =
            "Protections: your programs ran in JVMs of their own, with none of the grader's or the tests' classes; "
                    + "as a user of their own (uid 61000, no groups, no new privileges); every process they started "
                    + "was ended when grading ended";

    @Test
    void theLineIsBuiltOnceFromTheReportsProtections() {
        assertThat(Reports.protectionsLine(PROTECTED)).isEqualTo(LINE);
        assertThat(Reports.protectionsLine(UNPROTECTED)).isEmpty();
    }

    @Test
    void scoreboardShowsItUnderTheBackends() {
        assertThat(Scoreboard.render(PROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay\n" + LINE + "\n\n");
        assertThat(Scoreboard.render(UNPROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay\n\n")
                .doesNotContain("Protections");
    }

    @Test
    void markdownShowsItUnderTheBackends() {
        assertThat(MarkdownReport.render(PROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay  \n" + LINE + "\n\n");
        assertThat(MarkdownReport.render(UNPROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay\n\n")
                .doesNotContain("Protections");
    }

    @Test
    void htmlShowsItUnderTheBackends() {
        assertThat(HtmlReport.render(PROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay<br>" + LINE + "</p>");
        assertThat(HtmlReport.render(UNPROTECTED))
                .contains("Impairment backends: UDP: seeded datagram relay</p>")
                .doesNotContain("Protections");
    }

    @Test
    void gradescopeOutputShowsItUnderTheBackends() {
        String output = JsonParser.parseString(GradescopeResults.toJson(PROTECTED))
                .getAsJsonObject()
                .get("output")
                .getAsString();
        assertThat(output)
                .as("Markdown: a hard line break")
                .contains("Impairment backends: UDP: seeded datagram relay.  \n" + LINE + ".");
        String without = JsonParser.parseString(GradescopeResults.toJson(UNPROTECTED))
                .getAsJsonObject()
                .get("output")
                .getAsString();
        assertThat(without)
                .endsWith("Impairment backends: UDP: seeded datagram relay.")
                .doesNotContain("Protections");
    }
}
