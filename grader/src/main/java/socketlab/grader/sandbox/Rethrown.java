package socketlab.grader.sandbox;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import socketlab.grader.agent.Values.ThrownValue;

/**
 * An exception from the student's JVM, made again in the test JVM so that a suite's
 * {@code assertThatThrownBy(...).isInstanceOf(IOException.class)} holds as before: the same class where
 * it is the JDK's or a lab's (a stand-in), else its nearest such superclass with the original class
 * named in the message. No other class is ever loaded by name from what the program sent.
 */
final class Rethrown {

    private Rethrown() {}

    static Throwable from(ThrownValue thrown) {
        Throwable made = null;
        String prefix = "";
        for (String name : thrown.classes()) {
            made = make(
                    name,
                    prefix.isEmpty()
                            ? thrown.message()
                            : prefix + (thrown.message() == null ? "" : ": " + thrown.message()));
            if (made != null) {
                break;
            }
            if (prefix.isEmpty()) {
                prefix = name;
            }
        }
        if (made == null) {
            made = new RuntimeException(thrown.className() + (thrown.message() == null ? "" : ": " + thrown.message()));
        }
        made.setStackTrace(thrown.frames().toArray(StackTraceElement[]::new));
        if (thrown.cause() != null) {
            try {
                made.initCause(from(thrown.cause()));
            } catch (IllegalStateException | IllegalArgumentException e) {
                // its constructor set a cause already
            }
        }
        return made;
    }

    private static Throwable make(String name, String message) {
        Class<?> type = load(name);
        if (type == null
                || !Throwable.class.isAssignableFrom(type)
                || Modifier.isAbstract(type.getModifiers())
                || VirtualMachineError.class.isAssignableFrom(type)) {
            // a VirtualMachineError would say the test JVM is broken (JUnit rethrows an OutOfMemoryError and
            // so ends the whole run): the program's own becomes a plain Error that names it
            return null;
        }
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                Class<?>[] p = constructor.getParameterTypes();
                if (p.length == 1 && p[0] == String.class) {
                    return (Throwable) constructor.newInstance(message);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Class<?>[] p = constructor.getParameterTypes();
                if (p.length == 2 && p[0] == String.class && p[1] == Void.class) {
                    constructor.setAccessible(true);
                    return (Throwable) constructor.newInstance(message, null);
                }
            }
            for (Constructor<?> constructor : type.getConstructors()) {
                Class<?>[] p = constructor.getParameterTypes();
                if (p.length == 1 && p[0] == Object.class) {
                    return (Throwable) constructor.newInstance(message);
                }
            }
            if (message == null) {
                return (Throwable) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The JDK's classes (from the platform loader) and the labs' stand-ins; nothing else. */
    private static Class<?> load(String name) {
        try {
            if (name.startsWith("java.") || name.startsWith("javax.")) {
                return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            }
            if (StandIns.isLabClass(name)) {
                Class<?> type = Class.forName(name, false, Rethrown.class.getClassLoader());
                return StandIns.isStandIn(type) ? type : null;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return null;
    }
}
