package socketlab.grader.agent;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import socketlab.grader.agent.Wire.ProtocolException;

/**
 * The values a lab's public API passes: primitives, strings, byte arrays, paths, lists, records,
 * objects that stay in the JVM that made them (sent as a handle), callbacks (sent as an id) and
 * exceptions. Each side says how it turns a handle, a callback or a record into one of its own objects.
 */
public abstract class Values {

    static final byte NULL = 0;
    static final byte BOOLEAN = 1;
    static final byte BYTE = 2;
    static final byte SHORT = 3;
    static final byte CHAR = 4;
    static final byte INT = 5;
    static final byte LONG = 6;
    static final byte FLOAT = 7;
    static final byte DOUBLE = 8;
    static final byte STRING = 9;
    static final byte BYTES = 10;
    static final byte PATH = 11;
    static final byte LIST = 12;
    static final byte RECORD = 13;
    static final byte HANDLE = 14;
    static final byte CALLBACK = 15;

    /** An exception as it crossed: its class and superclasses' names, message, frames and cause. */
    public record ThrownValue(List<String> classes, String message, List<StackTraceElement> frames, ThrownValue cause) {
        public String className() {
            return classes.get(0);
        }
    }

    /** This side's handle for an object that must stay here (a program object, a callback); -1 if it is none. */
    protected abstract int handleOf(Object value);

    /** True if {@code value} is a callback of this side's (sent as an id the other side calls back). */
    protected abstract boolean isCallback(Object value);

    protected abstract Object fromHandle(int handle) throws IOException;

    protected abstract Object fromCallback(int id, String interfaceName) throws IOException;

    protected abstract Object fromRecord(String className, List<Object> components) throws IOException;

    public void write(DataOutputStream out, Object value) throws IOException {
        write(out, value, 0);
    }

    private void write(DataOutputStream out, Object value, int depth) throws IOException {
        if (depth > Wire.MAX_DEPTH) {
            throw new ProtocolException("a value nested deeper than " + Wire.MAX_DEPTH);
        }
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (value instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (value instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            Wire.string(out, s);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (value instanceof Path path) {
            out.writeByte(PATH);
            Wire.string(out, path.toString());
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object element : list) {
                write(out, element, depth + 1);
            }
        } else if (value instanceof Record record) {
            out.writeByte(RECORD);
            Wire.string(out, record.getClass().getName());
            var components = record.getClass().getRecordComponents();
            out.writeInt(components.length);
            for (var component : components) {
                try {
                    write(out, component.getAccessor().invoke(record), depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new ProtocolException("cannot read " + component.getName() + " of "
                            + record.getClass().getName());
                }
            }
        } else if (isCallback(value)) {
            out.writeByte(CALLBACK);
            out.writeInt(handleOf(value));
            Wire.string(out, callbackInterface(value.getClass()).getName());
        } else {
            int handle = handleOf(value);
            if (handle < 0) {
                throw new ProtocolException("a " + value.getClass().getName() + " cannot cross between the JVMs");
            }
            out.writeByte(HANDLE);
            out.writeInt(handle);
        }
    }

    public Object read(Wire.Reader in) throws IOException {
        return read(in, 0);
    }

    private Object read(Wire.Reader reader, int depth) throws IOException {
        if (depth > Wire.MAX_DEPTH) {
            throw new ProtocolException("a value nested deeper than " + Wire.MAX_DEPTH);
        }
        var in = reader.in;
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case BOOLEAN:
                return in.readBoolean();
            case BYTE:
                return in.readByte();
            case SHORT:
                return in.readShort();
            case CHAR:
                return in.readChar();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case FLOAT:
                return in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case STRING:
                return reader.string();
            case BYTES: {
                byte[] bytes = new byte[reader.length(Wire.MAX_FRAME)];
                in.readFully(bytes);
                return bytes;
            }
            case PATH:
                try {
                    return Path.of(reader.string());
                } catch (RuntimeException e) {
                    throw new ProtocolException("a path that is not one: " + e.getMessage());
                }
            case LIST: {
                int n = reader.length(Wire.MAX_ELEMENTS);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(reader, depth + 1));
                }
                return list;
            }
            case RECORD: {
                String className = reader.string();
                int n = reader.length(64);
                List<Object> components = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    components.add(read(reader, depth + 1));
                }
                return fromRecord(className, components);
            }
            case HANDLE:
                return fromHandle(in.readInt());
            case CALLBACK: {
                int id = in.readInt();
                return fromCallback(id, reader.string());
            }
            default:
                throw new ProtocolException("an unknown value tag " + tag);
        }
    }

    /** A record of {@code type} made of {@code components} (its canonical constructor), as either side rebuilds one. */
    public static Object newRecord(Class<?> type, List<Object> components) throws IOException {
        java.lang.reflect.RecordComponent[] parts = type.getRecordComponents();
        if (parts == null || parts.length != components.size()) {
            throw new ProtocolException(type.getName() + " is not a record of " + components.size() + " components");
        }
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(components.toArray());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new ProtocolException("cannot make a " + type.getName() + " of what was sent: " + e);
        }
    }

    /** True for the JDK's functional interfaces, the only kind of callback that crosses (a Consumer, a Runnable...). */
    public static boolean isCallbackType(String interfaceName) {
        return interfaceName.startsWith("java.util.function.")
                || interfaceName.equals("java.lang.Runnable")
                || interfaceName.equals("java.util.concurrent.Callable");
    }

    /** The functional interface a callback object implements (a lambda passed for a Consumer, a Runnable...). */
    public static Class<?> callbackInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (isCallbackType(i.getName())) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException(
                type.getName() + " is no callback (it implements none of the JDK's functional interfaces)");
    }

    public static void writeThrown(DataOutputStream out, Throwable t) throws IOException {
        writeThrown(out, t, 0);
    }

    private static void writeThrown(DataOutputStream out, Throwable t, int depth) throws IOException {
        List<String> classes = new ArrayList<>();
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            classes.add(c.getName());
        }
        out.writeInt(classes.size());
        for (String name : classes) {
            Wire.string(out, name);
        }
        String message;
        try {
            message = t.getMessage();
        } catch (RuntimeException e) {
            message = "(its getMessage() threw " + e.getClass().getName() + ")";
        }
        if (message != null && message.length() > Wire.MAX_MESSAGE_CHARS) {
            message = message.substring(0, Wire.MAX_MESSAGE_CHARS) + "… (cut)";
        }
        Wire.nullableString(out, message);
        StackTraceElement[] stack = t.getStackTrace();
        int frames = Math.min(stack.length, Wire.MAX_STACK_FRAMES);
        out.writeInt(frames);
        for (int i = 0; i < frames; i++) {
            Wire.string(out, stack[i].getClassName());
            Wire.string(out, stack[i].getMethodName());
            Wire.nullableString(out, stack[i].getFileName());
            out.writeInt(stack[i].getLineNumber());
        }
        Throwable cause = t.getCause();
        boolean withCause = cause != null && cause != t && depth < 3;
        out.writeBoolean(withCause);
        if (withCause) {
            writeThrown(out, cause, depth + 1);
        }
    }

    public static ThrownValue readThrown(Wire.Reader reader) throws IOException {
        return readThrown(reader, 0);
    }

    private static ThrownValue readThrown(Wire.Reader reader, int depth) throws IOException {
        if (depth > 3) {
            throw new ProtocolException("exception causes nested deeper than 3");
        }
        int n = reader.length(64);
        if (n == 0) {
            throw new ProtocolException("an exception without a class");
        }
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            classes.add(reader.string());
        }
        String message = reader.nullableString();
        if (message != null && message.length() > Wire.MAX_MESSAGE_CHARS + 16) {
            message = message.substring(0, Wire.MAX_MESSAGE_CHARS) + "… (cut)";
        }
        int frames = reader.length(Wire.MAX_STACK_FRAMES);
        List<StackTraceElement> stack = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            String cls = reader.string();
            String method = reader.string();
            String file = reader.nullableString();
            int line = reader.in.readInt();
            stack.add(new StackTraceElement(cls, method, file, line));
        }
        ThrownValue cause = reader.in.readBoolean() ? readThrown(reader, depth + 1) : null;
        return new ThrownValue(List.copyOf(classes), message, List.copyOf(stack), cause);
    }
}
