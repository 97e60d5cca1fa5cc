package socketlab.grader.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import socketlab.grader.agent.Agent;
import socketlab.grader.core.Lab;
import socketlab.grader.relay.UdpRelay;
import socketlab.grader.run.Grading;
import socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy;

/**
 * The grader's layering, checked on its compiled classes with the JDK's own {@code jdeps} (no library
 * needed): which package may use which. A rule broken here is a design change to make on purpose.
 */
class ArchitectureTest {

    /** One class using another: {@code from -> to}. */
    record Use(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    private static List<Use> grader;
    private static List<Use> agent;
    private static List<Use> engine;
    private static List<Use> relay;

    @BeforeAll
    static void readTheClasses() throws URISyntaxException {
        grader = uses(Path.of(Grading.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI()));
        agent = uses(Path.of(
                Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        engine = uses(Path.of(EmbeddedToxiproxy.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI()));
        relay = uses(Path.of(UdpRelay.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI()));
        assertThat(engine).as("jdeps found the engine's classes").isNotEmpty();
        assertThat(relay).as("jdeps found the relay's classes").isNotEmpty();
        assertThat(grader).as("jdeps found the grader's classes").isNotEmpty();
    }

    @Test
    void theEmbeddedToxiproxyEngineUsesOnlyTheJdkAndGson() {
        assertThat(usesBeyond(engine, "socketlab.grader.toxiproxy.embedded.", "com.google.gson."))
                .as("the engine stands alone (it is a Toxiproxy, not a part of the grader)")
                .isEmpty();
    }

    @Test
    void theUdpRelayUsesOnlyTheJdk() {
        assertThat(usesBeyond(relay, "socketlab.grader.relay."))
                .as("the relay stands alone: the harness hears of it through a RelayListener")
                .isEmpty();
    }

    @Test
    void thePcapWriterUsesNothingOfTheGrader() {
        assertThat(violations(grader, "socketlab.grader.pcap.", "socketlab.grader.", "socketlab.grader.pcap."))
                .as("the capture format stands alone (the relay's command writes it too)")
                .isEmpty();
    }

    @Test
    void theStudentAgentUsesOnlyTheJdk() {
        assertThat(usesBeyond(agent, "socketlab.grader.agent."))
                .as("the only grader code in a student's JVM")
                .isEmpty();
    }

    /** The uses in {@code module} of anything but the JDK and the packages starting with {@code allowed}. */
    private static List<Use> usesBeyond(List<Use> module, String... allowed) {
        return module.stream()
                .filter(use -> !use.to().startsWith("java.")
                        && !use.to().startsWith("javax.")
                        && java.util.Arrays.stream(allowed).noneMatch(use.to()::startsWith))
                .toList();
    }

    @Test
    void nothingButTheSuitesKnowsASuite() {
        for (String layer : List.of(
                "core", "harness", "results", "report", "run", "batch", "sandbox", "distribution", "toxiproxy")) {
            String from = "socketlab.grader." + layer + ".";
            assertThat(violations(grader, from, "socketlab.grader.suites.", null))
                    .as(layer + " uses no suite")
                    .isEmpty();
            assertThat(violations(grader, from, "socketlab.grader.hidden.", null))
                    .as(layer + " uses no hidden suite")
                    .isEmpty();
        }
    }

    @Test
    void theGraderHoldsNoExperimentAndNeverUsesXChart() throws URISyntaxException {
        Path classes = Path.of(Grading.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes.resolve("socketlab/grader/experiments"))
                .as("the experiments are a module of their own")
                .doesNotExist();
        assertThat(grader)
                .as("the grader's classes")
                .noneMatch(use -> use.from().startsWith("socketlab.grader.experiments."))
                .noneMatch(use -> use.to().startsWith("socketlab.grader.experiments."));
        assertThat(usesOf(grader, "org.knowm.xchart."))
                .as("XChart is grader/experiments' alone, never on a grading JVM's classpath")
                .isEmpty();
    }

    /** The uses in {@code module} of the classes starting with {@code prefix}. */
    private static List<Use> usesOf(List<Use> module, String prefix) {
        return module.stream().filter(use -> use.to().startsWith(prefix)).toList();
    }

    @Test
    void onlySuitesAndBenchmarksNameALabClass() {
        List<String> allowed =
                List.of("socketlab.grader.suites.", "socketlab.grader.hidden.", "socketlab.grader.bench.");
        List<Use> named = grader.stream()
                .filter(use -> Lab.packages().stream().anyMatch(pkg -> use.to().startsWith(pkg + ".")))
                .filter(use -> allowed.stream().noneMatch(use.from()::startsWith))
                .toList();
        assertThat(grader)
                .as("the rule sees the suites' uses of lab classes (jdeps was read right)")
                .anyMatch(use -> use.from().startsWith("socketlab.grader.suites.")
                        && use.to().startsWith("socketlab.udp."));
        assertThat(named)
                .as("the grading machinery reaches a student's code only through the stand-ins the suites call")
                .isEmpty();
    }

    /**
     * Uses from classes starting with {@code from} of classes starting with {@code forbidden}, except those starting
     * with {@code except}.
     */
    private static List<Use> violations(List<Use> uses, String from, String forbidden, String except) {
        return uses.stream()
                .filter(use -> use.from().startsWith(from) && use.to().startsWith(forbidden))
                .filter(use -> except == null || !use.to().startsWith(except))
                .toList();
    }

    private static List<Use> uses(Path classes) {
        ToolProvider jdeps =
                ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(
                new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", classes.toString());
        assertThat(code).as("jdeps " + classes + ": " + err).isZero();
        List<Use> uses = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            String[] parts = line.strip().split("\\s+");
            // Class lines are indented; a summary line ("classes -> not found", "x.jar -> java.base") is not.
            if (parts.length >= 3 && parts[1].equals("->") && Character.isWhitespace(line.charAt(0))) {
                uses.add(new Use(parts[0], parts[2]));
            }
        }
        return uses;
    }
}
