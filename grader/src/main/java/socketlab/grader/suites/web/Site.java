package socketlab.grader.suites.web;

import java.io.Closeable;
import java.util.function.ToIntFunction;
import socketlab.grader.harness.ServerUnderTest;

/** A web server under test, serving, and its port. */
public record Site(ServerUnderTest<?> server, int port) implements Closeable {

    public static <T extends Closeable> Site of(ServerUnderTest<T> server, ToIntFunction<T> port) {
        return new Site(server, port.applyAsInt(server.program()));
    }

    @Override
    public void close() {
        server.close();
    }
}
