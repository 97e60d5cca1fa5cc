package socketlab.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A slow end-to-end check (graded mutants, a student edition's own build, the course platforms' entry points, packet
 * captures, the Docker fallback): left out of {@code ./mvnw verify}, which must stay within its time budget, and run by
 * {@code .ci/run} after it, or by hand with {@code ./mvnw verify -Pextended}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("extended")
public @interface ExtendedCheck {}
