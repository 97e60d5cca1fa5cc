package socketlab.grader.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class DeclarationOrderTest {

    /** Declared neither alphabetically nor in JUnit's default (hash-based) order. */
    private static final List<String> AS_WRITTEN = List.of("zulu", "alpha", "mike", "bravo", "yankee", "charlie");

    /** A graded suite, only ever discovered here (surefire does not run nested classes). */
    @Exercise(lab = "lab-declaration-order", id = "Z1", title = "Declaration order")
    static class Written {
        @Graded(points = 1)
        void zulu() {}

        @Graded(points = 1)
        void alpha() {}

        void notATest() {}

        @Graded(points = 1)
        void mike() {}

        @Graded(points = 1)
        void bravo() {}

        @Graded(points = 1)
        void yankee() {}

        @Graded(points = 1)
        void charlie() {}
    }

    static class Base {
        void baseSecond() {}

        void baseFirst(int overloaded) {}

        void baseFirst() {}
    }

    static class Derived extends Base {
        void ownB() {}

        void ownA() {}
    }

    @Test
    void anExercisesTestsAreDiscoveredInTheOrderTheyAreWritten() {
        TestPlan plan = LauncherFactory.create()
                .discover(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(Written.class))
                        .build());

        List<String> discovered = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource method) {
                    discovered.add(method.getMethodName());
                }
            }
        }

        assertThat(discovered).containsExactlyElementsOf(AS_WRITTEN);
    }

    @Test
    void readsTheClassFilesMethodTableInSourceOrder() {
        List<String> table = DeclarationOrder.methodTable(Written.class).orElseThrow();

        assertThat(table)
                .containsSubsequence(
                        "<init>()V",
                        "zulu()V",
                        "alpha()V",
                        "notATest()V",
                        "mike()V",
                        "bravo()V",
                        "yankee()V",
                        "charlie()V");
    }

    @Test
    void sortsShuffledMethodsBackIntoSourceOrder() {
        List<Method> methods = testMethodsOf(Written.class);
        methods.sort(Comparator.comparing(Method::getName)); // alphabetical, as a start

        DeclarationOrder.sort(methods, method -> method);

        assertThat(methods).extracting(Method::getName).containsExactlyElementsOf(AS_WRITTEN);
    }

    @Test
    void inheritedMethodsComeFirstAndOverloadsAreTold() throws Exception {
        List<Method> methods = new ArrayList<>(List.of(
                Derived.class.getDeclaredMethod("ownA"),
                Base.class.getDeclaredMethod("baseFirst"),
                Derived.class.getDeclaredMethod("ownB"),
                Base.class.getDeclaredMethod("baseFirst", int.class),
                Base.class.getDeclaredMethod("baseSecond")));

        DeclarationOrder.sort(methods, method -> method);

        assertThat(methods)
                .extracting(DeclarationOrder::signature)
                .containsExactly("baseSecond()V", "baseFirst(I)V", "baseFirst()V", "ownB()V", "ownA()V");
    }

    @Test
    void keepsTheGivenOrderWhenTheClassFileCannotBeRead() throws Exception {
        // The same class, defined by a loader that has no resources: its bytes cannot be read back.
        byte[] bytes;
        try (InputStream in = Written.class.getResourceAsStream("DeclarationOrderTest$Written.class")) {
            bytes = in.readAllBytes();
        }
        Class<?> unreadable = new ClassLoader(null) {
            Class<?> define() {
                return defineClass(null, bytes, 0, bytes.length);
            }
        }.define();
        assertThat(DeclarationOrder.methodTable(unreadable)).isEmpty();

        List<Method> methods = testMethodsOf(unreadable);
        methods.sort(Comparator.comparing(Method::getName));
        List<Method> given = List.copyOf(methods);

        DeclarationOrder.sort(methods, method -> method);

        assertThat(methods).containsExactlyElementsOf(given);
    }

    @Test
    void refusesWhatIsNotAClassFile() {
        assertThatThrownBy(() ->
                        DeclarationOrder.readMethodTable(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DeclarationOrder.readMethodTable(
                        new ByteArrayInputStream(new byte[] {(byte) 0xCA, (byte) 0xFE})))
                .isInstanceOf(IOException.class);
    }

    private static List<Method> testMethodsOf(Class<?> type) {
        return new ArrayList<>(Arrays.stream(type.getDeclaredMethods())
                .filter(method -> AS_WRITTEN.contains(method.getName()))
                .toList());
    }
}
