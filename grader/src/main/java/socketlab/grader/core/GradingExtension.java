package socketlab.grader.core;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import socketlab.grader.sandbox.Bridge;

/**
 * Runs each {@link Graded} test on its own thread under a hard time limit, with a fresh {@link Trace},
 * and turns any failure into feedback written for the student.
 */
public final class GradingExtension implements BeforeEachCallback, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GradingExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        String testId = testId(context);
        context.getStore(NAMESPACE).put(Trace.class, new Trace(testId, GradingContext.seedFor(testId)));
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        Graded graded = context.getRequiredTestMethod().getAnnotation(Graded.class);
        if (graded == null) {
            invocation.proceed();
            return;
        }
        Trace trace = context.getStore(NAMESPACE).get(Trace.class, Trace.class);
        Exercise exercise = context.getRequiredTestClass().getAnnotation(Exercise.class);
        Duration limit = Duration.ofSeconds(GradingContext.timeoutSeconds(graded.timeoutSeconds()));

        Set<Long> studentThreadsBefore = Bridge.threadsNow();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread runner = new Thread(
                () -> {
                    Trace.attach(trace);
                    try {
                        invocation.proceed();
                    } catch (Throwable t) {
                        failure.set(t);
                    } finally {
                        Trace.detach();
                        finished.countDown();
                    }
                },
                "graded-" + trace.testId());
        runner.setDaemon(true);
        ConsoleCapture.begin();
        Trace.running(trace);
        runner.start();
        boolean inTime;
        try {
            inTime = finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            Trace.running(null);
        }
        if (inTime) {
            leaveNoThreadsToTheNextTest(studentThreadsBefore, trace);
        }
        String printed = ConsoleCapture.end();
        if (!inTime || failure.get() != null) {
            long now = trace.recorder().now();
            trace.wire(new socketlab.grader.wire.WireEvent(
                    socketlab.grader.wire.WireEvent.Kind.FAILED,
                    now,
                    now,
                    socketlab.grader.wire.Lane.CLIENT,
                    socketlab.grader.wire.Lane.SERVER,
                    inTime ? "the test failed here" : "the test's time limit ran out here",
                    0,
                    null,
                    false,
                    null,
                    null,
                    null,
                    null));
        }
        Trace.finished(trace);
        Feedback feedback = new Feedback(exercise, trace, printed);
        if (!inTime) {
            StackTraceElement[] where = Bridge.pendingCallStack().orElse(runner.getStackTrace());
            runner.interrupt();
            throw new GradedFailure(feedback.timedOut(limit, where), true, null);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new GradedFailure(feedback.failed(t), false, t);
        }
    }

    /**
     * Threads a test's program left running (a conversation that never ended, a spinning loop, a pool never shut down)
     * would slow or break the next tests, which are about other things: the student's JVM is ended, and the next test
     * starts a fresh one. Idle threads a design allows (a cached pool's workers) cost only that restart.
     */
    private static void leaveNoThreadsToTheNextTest(Set<Long> before, Trace trace) {
        try {
            List<String> left = Bridge.recycleIfThreadsLeft(before, LEFTOVER_GRACE);
            if (!left.isEmpty()) {
                trace.program("after this test, " + left.size()
                        + " thread(s) your program had started were still running ("
                        + String.join(", ", left.subList(0, Math.min(5, left.size()))) + (left.size() > 5 ? ", …" : "")
                        + "): the grader ended its JVM so that they cannot slow the next tests");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a program's threads are given to end after a test, before its JVM is restarted. */
    private static final Duration LEFTOVER_GRACE = Duration.ofMillis(500);

    private static String testId(ExtensionContext context) {
        Exercise exercise = context.getRequiredTestClass().getAnnotation(Exercise.class);
        String prefix = exercise == null ? context.getRequiredTestClass().getSimpleName() : exercise.id();
        return prefix + "." + context.getRequiredTestMethod().getName();
    }

    /** Where in the program under test a thread was: its first frames in the labs' packages. */
    static String programFrames(StackTraceElement[] stack) {
        return Arrays.stream(stack)
                .filter(frame -> frame.getClassName().startsWith("socketlab.")
                        && !frame.getClassName().startsWith("socketlab.grader.")
                        && !frame.getClassName().equals("socketlab.Todo"))
                .limit(3)
                .map(frame ->
                        frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                                + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")")
                .reduce((a, b) -> a + " ← " + b)
                .orElse("");
    }
}
