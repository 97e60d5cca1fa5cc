package socketlab.grader.experiments;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose figures are timings this machine is calibrated for (a model's agreement with a measurement):
 * the build runs such classes on their own, after the others, which run two at a time (grader/pom.xml).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("quiet-machine")
public @interface NeedsQuietMachine {
}
