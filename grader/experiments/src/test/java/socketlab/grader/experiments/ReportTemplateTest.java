package socketlab.grader.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A report page and the code that fills it cannot drift apart: a missing or an unused value is an error. */
class ReportTemplateTest {

    private static Map<String, Object> transferValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : new String[] {
            "window",
            "chart",
            "drawSigmas",
            "drawTolerancePct",
            "stopAndWaitTable",
            "goBackNTable",
            "comparisonTable",
            "finAndTimeWait",
            "bursty",
            "closingNote"
        }) {
            values.put(key, "<" + key + ">");
        }
        return values;
    }

    @Test
    void theTransferPageTakesEachValueWhereItsPlaceholderIs() {
        String page = ReportTemplate.load("transfer-summary.md").fill(transferValues());

        assertThat(page)
                .contains("Go-Back-N sender (window <window>)")
                .contains("![Goodput against loss](<chart>)")
                .contains("E[t] = (L/R + RTT) + (1/((1 − p_up)(1 − p_down)) − 1) · (T − 1 ms)")
                .contains("<stopAndWaitTable>\n## Go-Back-N against the model")
                .endsWith("## Closing note\n\n<closingNote>\n")
                .doesNotContain("{{");
    }

    @Test
    void aMissingValueIsAnError() {
        Map<String, Object> values = transferValues();
        values.remove("chart");
        assertThatThrownBy(() -> ReportTemplate.load("transfer-summary.md").fill(values))
                .hasMessage("transfer-summary.md needs a value for {{chart}}");
    }

    @Test
    void aValueWithNoPlaceIsAnError() {
        Map<String, Object> values = transferValues();
        values.put("forgotten", 1);
        assertThatThrownBy(() -> ReportTemplate.load("transfer-summary.md").fill(values))
                .hasMessage("transfer-summary.md has no place for [forgotten]");
    }
}
