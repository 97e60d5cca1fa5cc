package socketlab.grader.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a graded suite: one exercise of one lab. Its {@link Graded} tests run under the grading
 * extension (time limits, wire traces, student feedback), in the order they are written in the suite
 * ({@link DeclarationOrder}), which is also the order the reports list them in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GradingExtension.class)
@TestMethodOrder(DeclarationOrder.class)
public @interface Exercise {

    /** The lab folder this exercise belongs to, e.g. {@code lab-udp}. */
    String lab();

    /** A short id, e.g. {@code U1}; also how a student selects it ({@code --test U1}). */
    String id();

    /** What the exercise is, for reports, e.g. "Uppercase over UDP". */
    String title();

    /** Instructor-only exercises are never shipped to students; Gradescope shows them after the due date. */
    boolean hidden() default false;

    /** Bonus exercises add to the score but not to the maximum: full marks are possible without them. */
    boolean bonus() default false;
}
