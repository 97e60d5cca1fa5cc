package socketlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A submission made from a copy of the solutions with one piece of code replaced: a misbehaving
 * student program without keeping a second copy of the lab in the repository.
 */
public final class PatchedSubmission {

    private final Path root;

    private PatchedSubmission(Path root) {
        this.root = root;
    }

    /** Copies {@code solutions/<lab>} into {@code folder/<lab>}. */
    public static PatchedSubmission copyOf(String lab, Path folder) {
        Path from = KitPaths.root().resolve("solutions").resolve(lab);
        Path to = folder.resolve(lab);
        try (Stream<Path> walk = Files.walk(from.resolve("src"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PatchedSubmission(folder);
    }

    /** Replaces {@code code} (which must occur) in one source file of the copy. */
    public PatchedSubmission replace(String lab, String sourceFile, String code, String replacement) {
        try (Stream<Path> walk = Files.walk(root.resolve(lab))) {
            Path file = walk.filter(p -> p.getFileName().toString().equals(sourceFile))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + sourceFile + " in " + lab));
            String source = Files.readString(file, StandardCharsets.UTF_8);
            if (!source.contains(code)) {
                throw new IllegalArgumentException(sourceFile + " has no '" + code + "' to replace");
            }
            Files.writeString(file, source.replace(code, replacement), StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }
}
