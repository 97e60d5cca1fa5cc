package socketlab.grader.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

/** A graded test: a JUnit test worth {@link #points()}, stopped after {@link #timeoutSeconds()}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
public @interface Graded {

    double points();

    /** A hard limit: when it passes the test fails, whatever the program under test is doing. */
    int timeoutSeconds() default 20;
}
