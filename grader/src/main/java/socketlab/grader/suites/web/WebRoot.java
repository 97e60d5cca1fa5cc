package socketlab.grader.suites.web;

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
 * A throw-away folder for one web server test (lab-tcp's T3 and lab-threaded's M3 alike), its bytes
 * drawn from the test's seed:
 * <pre>
 *   secret.txt                 outside the web root: must never be served
 *   www-private/secret.txt     outside too (its folder's name starts like the web root's)
 *   www/                       the web root
 *     index.html  hello.txt  "my notes.txt"  你好.txt  data.bin (512 KB, every byte value)
 *     pics/logo.png            binary, after a PNG signature
 *     sub/index.html  sub/page.html
 *     empty/                   a folder without index.html
 *     link-out.txt             a symbolic link to ../secret.txt (where the file system has them)
 *     big.bin                  1 MB, {@link #withBigFiles()} only; huge.bin, 8 MB, too
 * </pre>
 */
public final class WebRoot implements Closeable {

    public static final String HELLO = "Hello, web! Grüße, ¡hola! 你好\n";
    public static final String NIHAO = "你好.txt";

    private final Path base;
    private final Path www;
    private final String secret;

    private WebRoot(boolean bigFiles) {
        long seed = Trace.current().seed();
        SplittableRandom random = new SplittableRandom(seed);
        try {
            base = Files.createTempDirectory("socketlab-web-");
            www = Files.createDirectories(base.resolve("www"));
            secret = "TOP SECRET " + Long.toHexString(random.nextLong()) + ": this file is outside the web root";
            Files.writeString(base.resolve("secret.txt"), secret + "\n", StandardCharsets.UTF_8);
            Files.writeString(
                    Files.createDirectories(base.resolve("www-private")).resolve("secret.txt"),
                    secret + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    www.resolve("index.html"),
                    "<!DOCTYPE html>\n<html><head><title>Seed " + seed + "</title></head>\n"
                            + "<body><h1>It works</h1><p>Page number " + random.nextInt(1_000_000)
                            + ".</p></body></html>\n",
                    StandardCharsets.UTF_8);
            Files.writeString(www.resolve("hello.txt"), HELLO, StandardCharsets.UTF_8);
            Files.writeString(
                    www.resolve("my notes.txt"),
                    "a file with a space in its name, seed " + seed + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    www.resolve(NIHAO),
                    "a file with a Chinese name: " + random.nextInt(1000) + "\n",
                    StandardCharsets.UTF_8);
            byte[] logo = bytes(random, 20_000);
            byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            System.arraycopy(signature, 0, logo, 0, signature.length);
            Files.write(Files.createDirectories(www.resolve("pics")).resolve("logo.png"), logo);
            byte[] data = bytes(random, 512 * 1024);
            for (int i = 0; i < 256; i++) {
                data[i] = (byte) i; // every byte value, including \r, \n and 0, near the start
            }
            Files.write(www.resolve("data.bin"), data);
            Path sub = Files.createDirectories(www.resolve("sub"));
            Files.writeString(
                    sub.resolve("index.html"),
                    "<html><body>the sub-folder's index</body></html>\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    sub.resolve("page.html"),
                    "<html><body>a page in a sub-folder</body></html>\n",
                    StandardCharsets.UTF_8);
            Files.createDirectories(www.resolve("empty"));
            try {
                Files.createSymbolicLink(www.resolve("link-out.txt"), Path.of("..", "secret.txt"));
            } catch (IOException | UnsupportedOperationException noLinksHere) {
                // Windows without the right to make links: the one target that needs it is left out
            }
            if (bigFiles) {
                Files.write(www.resolve("big.bin"), bytes(random, 1024 * 1024));
                Files.write(www.resolve("huge.bin"), bytes(random, 8 * 1024 * 1024));
            }
            Sandbox.openForReading(base); // the student's server runs as a user of its own
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test's web folder: " + e.getMessage(), e);
        }
    }

    /** A web root with every file but the big ones. */
    public static WebRoot create() {
        return new WebRoot(false);
    }

    /** A web root with big.bin (1 MB) and huge.bin (8 MB, more than a connection's buffers hold) as well. */
    public static WebRoot withBigFiles() {
        return new WebRoot(true);
    }

    private static byte[] bytes(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    /** The folder the web server serves. */
    public Path www() {
        return www;
    }

    /** The folder around it, holding secret.txt. */
    public Path base() {
        return base;
    }

    /** The secret files' text: it must never appear in a response. */
    public String secret() {
        return secret;
    }

    /** True if the file system let the test make link-out.txt. */
    public boolean hasLinkOut() {
        return Files.isSymbolicLink(www.resolve("link-out.txt"));
    }

    /** The bytes of a file in the web root, by its path there ("sub/page.html"). */
    public byte[] read(String name) {
        try {
            return Files.readAllBytes(www.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
