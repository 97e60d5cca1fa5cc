package socketlab.grader.distribution;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The kit's own files: everything but build output, reports, version control and editor settings. */
final class KitFiles {

    private static final List<String> NEVER = List.of(
            ".git",
            "target",
            "grading-output",
            "experiments-output",
            ".idea",
            ".vscode",
            ".settings",
            ".mvn/wrapper/maven-wrapper.jar");

    private KitFiles() {}

    /** The kit's files (relative paths with '/'), leaving out those {@code excluded} accepts. */
    static List<String> list(Path kit, Predicate<String> excluded) throws IOException {
        List<String> files = new ArrayList<>();
        Files.walkFileTree(kit, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String rel = relative(kit, dir);
                boolean skip =
                        !rel.isEmpty() && (NEVER.contains(dir.getFileName().toString()) || excluded.test(rel + "/"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(kit, file);
                if (attrs.isRegularFile() && !NEVER.contains(rel) && !excluded.test(rel) && !rel.endsWith(".iml")) {
                    files.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    private static String relative(Path kit, Path path) {
        return kit.relativize(path).toString().replace('\\', '/');
    }
}
