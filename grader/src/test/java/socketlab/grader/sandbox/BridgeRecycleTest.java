package socketlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.run.LabCompiler;

/**
 * After a test, the student's JVM is ended only if the program left threads running: a fresh JVM's own threads
 * (the launcher's, the JVM's, the agent's ready threads) are not the program's, and must not cost a restart per test.
 */
@EnabledIf(value = "socketlab.grader.sandbox.ProcessThreads#available", disabledReason = "reads /proc")
class BridgeRecycleTest {

    @Test
    void aJvmWithNothingOfTheProgramsRunningIsKeptAndOneWithALeftoverThreadIsEnded(@TempDir Path folder)
            throws Throwable {
        Path sources = Files.createDirectories(folder.resolve("fixture/src/main/java/fixture"));
        Files.writeString(sources.resolve("Leftovers.java"), """
                package fixture;
                public class Leftovers {
                    public static int quiet() { return 42; }
                    public static void spin() { new Thread(() -> { while (true) { Thread.onSpinWait(); } }, "fixture-spin").start(); }
                }
                """);
        LabCompiler.Compilation compiled = LabCompiler.compile(folder.resolve("fixture"), folder.resolve("classes"));
        assertThat(compiled.succeeded()).as(compiled.messages()).isTrue();
        String property = System.getProperty(Bridge.LAB_CLASSES_PROPERTY);
        System.setProperty(Bridge.LAB_CLASSES_PROPERTY, compiled.classes().toString());
        try {
            Bridge.stop();
            // As a test that starts the JVM sees it: no baseline.
            assertThat(Bridge.call(null, "fixture.Leftovers", "quiet", new String[0], int.class))
                    .isEqualTo(42);
            StudentJvm first = Bridge.jvm();
            assertThat(Bridge.recycleIfThreadsLeft(null, Duration.ofMillis(500)))
                    .as("threads left by a quiet call")
                    .isEmpty();
            assertThat(Bridge.jvm())
                    .as("the JVM after a test that left nothing running")
                    .isSameAs(first);

            Set<Long> before = Bridge.threadsNow();
            Bridge.call(null, "fixture.Leftovers", "spin", new String[0], void.class);
            List<String> left = Bridge.recycleIfThreadsLeft(before, Duration.ofMillis(300));
            assertThat(left)
                    .as("threads left by a call that started a spinning thread")
                    .containsExactly("fixture-spin");
            assertThat(Bridge.current())
                    .as("the JVM after that test: ended, the next test starts a fresh one")
                    .isEmpty();
        } finally {
            Bridge.stop();
            if (property == null) {
                System.clearProperty(Bridge.LAB_CLASSES_PROPERTY);
            } else {
                System.setProperty(Bridge.LAB_CLASSES_PROPERTY, property);
            }
        }
    }
}
