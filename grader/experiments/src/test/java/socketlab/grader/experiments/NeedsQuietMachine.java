package socketlab.grader.experiments;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose figures are timings this machine is calibrated for (a model's agreement with a measurement):
 * such a class runs alone: this module's tests run one class at a time, after the grader's, which run two at a time
 * (grader/experiments/pom.xml). It is also an extended check: {@code ./mvnw verify} leaves it out to keep within its
 * time budget, and .ci/run's second step ({@code -Pextended-only}) and {@code -Pextended} run it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("quiet-machine")
@Tag("extended")
public @interface NeedsQuietMachine {}
