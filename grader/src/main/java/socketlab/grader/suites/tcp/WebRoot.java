package socketlab.grader.suites.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import socketlab.grader.core.Trace;
import socketlab.grader.sandbox.Sandbox;

/**
 * A temporary folder for one web server test:
 * <pre>
 *   secret.txt            outside the web root: must never be served
 *   www/index.html
 *   www/hello.txt
 *   www/pics/logo.png     binary (seeded bytes after a PNG signature)
 *   www/data.bin          binary, 512 KB of seeded bytes (every byte value occurs)
 *   www/sub/page.html
 * </pre>
 */
final class WebRoot implements Closeable {

    static final String SECRET = "TOP SECRET: this file is outside the web root";
    static final String INDEX = "<html><body><h1>Socket Lab Kit</h1><p>It works!</p></body></html>\n";
    static final String HELLO = "Hello, web! Grüße, ¡hola! 你好\n";
    static final String PAGE = "<html><body><p>a page in a sub-folder</p></body></html>\n";

    private final Path base;
    private final Path www;
    private final byte[] logo;
    private final byte[] data;

    private WebRoot() {
        try {
            base = Files.createTempDirectory("socketlab-web-");
            www = Files.createDirectories(base.resolve("www"));
            SplittableRandom random = new SplittableRandom(Trace.current().seed());
            Files.writeString(base.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
            Files.writeString(www.resolve("index.html"), INDEX, StandardCharsets.UTF_8);
            Files.writeString(www.resolve("hello.txt"), HELLO, StandardCharsets.UTF_8);
            Files.createDirectories(www.resolve("pics"));
            logo = new byte[20_000];
            random.nextBytes(logo);
            byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            System.arraycopy(signature, 0, logo, 0, signature.length);
            Files.write(www.resolve("pics").resolve("logo.png"), logo);
            data = new byte[512 * 1024];
            random.nextBytes(data);
            for (int i = 0; i < 256; i++) {
                data[i] = (byte) i; // every byte value, including \r, \n and 0, near the start
            }
            Files.write(www.resolve("data.bin"), data);
            Files.createDirectories(www.resolve("sub"));
            Files.writeString(www.resolve("sub").resolve("page.html"), PAGE, StandardCharsets.UTF_8);
            Sandbox.openForReading(base); // the student's server runs as a user of its own
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test's web folder: " + e.getMessage(), e);
        }
    }

    static WebRoot create() {
        return new WebRoot();
    }

    /** The folder the web server serves. */
    Path www() {
        return www;
    }

    /** The folder around it, holding secret.txt. */
    Path base() {
        return base;
    }

    byte[] logo() {
        return logo.clone();
    }

    byte[] data() {
        return data.clone();
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
