package socketlab.grader.suites.threaded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import socketlab.grader.sandbox.Sandbox;
import java.util.stream.Stream;

/**
 * A throw-away web root for one test, filled from the test's seed:
 * <pre>
 *   socketlab-web-…/
 *     secret.txt            outside the web root: must never be served
 *     www-private/secret.txt  outside too (its folder name starts like the web root's)
 *     www/                  the web root
 *       index.html  notes.txt  logo.png  big.bin (only if asked)  sub/page.html
 * </pre>
 */
public final class WebRoot implements AutoCloseable {

    static final int BIG_SIZE = 1024 * 1024;

    private final Path base;
    private final Path root;
    private final String secret;

    private WebRoot(Path base, Path root, String secret) {
        this.base = base;
        this.root = root;
        this.secret = secret;
    }

    public static WebRoot create(long seed, boolean bigFile) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path base = Files.createTempDirectory("socketlab-web-");
        Path root = Files.createDirectories(base.resolve("www"));
        String secret = "TOP SECRET " + Long.toHexString(random.nextLong());
        Files.writeString(base.resolve("secret.txt"), secret + "\n", StandardCharsets.UTF_8);
        Files.writeString(Files.createDirectories(base.resolve("www-private")).resolve("secret.txt"), secret + "\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("index.html"), "<!DOCTYPE html>\n<html><head><title>Seed " + seed + "</title></head>\n"
                + "<body><h1>It works</h1><p>Page number " + random.nextInt(1_000_000) + ".</p></body></html>\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("notes.txt"), "plain text, line one\nline two: " + random.nextInt(1000) + "\n", StandardCharsets.UTF_8);
        Files.write(root.resolve("logo.png"), bytes(random, 20_000));
        Files.writeString(Files.createDirectories(root.resolve("sub")).resolve("page.html"), "<html><body>sub page</body></html>\n",
                StandardCharsets.UTF_8);
        if (bigFile) {
            Files.write(root.resolve("big.bin"), bytes(random, BIG_SIZE));
        }
        Sandbox.openForReading(base); // the student's server runs as a user of its own
        return new WebRoot(base, root, secret);
    }

    private static byte[] bytes(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }

    public Path root() {
        return root;
    }

    public Path base() {
        return base;
    }

    /** The secret files' text: it must never appear in a response. */
    public String secret() {
        return secret;
    }

    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
