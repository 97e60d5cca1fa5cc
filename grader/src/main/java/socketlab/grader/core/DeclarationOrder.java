package socketlab.grader.core;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Runs a suite's tests in the order they are written, which is the order the lab handouts teach; the
 * reports list them in the order they ran. Every {@link Exercise} gets it; a suite may still choose
 * its own with {@code @TestMethodOrder}.
 *
 * <p>Reflection does not say in which order methods are declared, but the class file does: javac
 * writes the method table in source order. So this reads the test class's own {@code .class} bytes
 * (the same ones the JVM loaded) and sorts the tests by their place in that table. Inherited tests
 * come before the class's own, each superclass's in its own declared order.
 *
 * <p>If some class file cannot be found or read (e.g. a class made at run time), or a test is not in
 * it, the tests keep JUnit's default order: deterministic, though not the written one.
 */
public final class DeclarationOrder implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        sort(context.getMethodDescriptors(), MethodDescriptor::getMethod);
    }

    /**
     * Sorts {@code items} (stably) by where the method of each is declared, or leaves them as they are
     * if that cannot be told for every one of them.
     */
    static <T> void sort(List<T> items, Function<? super T, Method> methodOf) {
        Map<Class<?>, Optional<List<String>>> tables = new HashMap<>();
        Map<T, Integer> position = new IdentityHashMap<>();
        for (T item : items) {
            Method method = methodOf.apply(item);
            List<String> table = tables.computeIfAbsent(method.getDeclaringClass(), DeclarationOrder::methodTable)
                    .orElse(null);
            int index = table == null ? -1 : table.indexOf(signature(method));
            if (index < 0) {
                return; // not every position is known: JUnit's default order stands
            }
            position.put(item, index);
        }
        items.sort(Comparator.comparingInt(
                        (T item) -> depth(methodOf.apply(item).getDeclaringClass()))
                .thenComparing(item -> methodOf.apply(item).getDeclaringClass().getName())
                .thenComparingInt(position::get));
    }

    /** The methods of {@code type}'s class file, as {@code name + descriptor}, in the order it lists them. */
    static Optional<List<String>> methodTable(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(readMethodTable(in));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a class file just far enough to list its methods (JVM specification, chapter 4):
     * <pre>
     *   u4 magic, u2 minor, u2 major
     *   u2 constant_pool_count, then constant_pool_count - 1 slots (long and double take two)
     *   u2 access_flags, u2 this_class, u2 super_class
     *   u2 interfaces_count, u2 each
     *   u2 fields_count,  each: u2 access, u2 name, u2 descriptor, attributes
     *   u2 methods_count, each: u2 access, u2 name, u2 descriptor, attributes
     * </pre>
     * where attributes are {@code u2 count}, then each {@code u2 name, u4 length, length bytes}. Names
     * and descriptors are indexes of CONSTANT_Utf8 entries: {@code u2 length} and that many bytes of
     * modified UTF-8, which is exactly what {@link DataInputStream#readUTF()} reads.
     */
    static List<String> readMethodTable(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.skipNBytes(4); // minor and major version
        int constants = in.readUnsignedShort();
        String[] utf8 = new String[constants];
        for (int i = 1; i < constants; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 ->
                    in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double: 8 bytes, two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6); // access_flags, this_class, super_class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6); // access_flags, name, descriptor
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        List<String> table = new ArrayList<>(methods);
        for (int i = 0; i < methods; i++) {
            in.skipNBytes(2); // access_flags
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            skipAttributes(in);
            table.add(name + descriptor);
        }
        return table;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            in.skipNBytes(2); // attribute_name_index
            in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        }
    }

    /** How the class file names {@code method}: e.g. {@code serverAnswers()V}. */
    static String signature(Method method) {
        return method.getName()
                + MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                        .toMethodDescriptorString();
    }

    /** How many superclasses {@code type} has (0 for interfaces), so inherited tests sort first. */
    private static int depth(Class<?> type) {
        int depth = 0;
        for (Class<?> up = type.getSuperclass(); up != null; up = up.getSuperclass()) {
            depth++;
        }
        return depth;
    }
}
