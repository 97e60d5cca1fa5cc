package socketlab.grader.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socketlab.grader.core.Lab;
import socketlab.grader.skeleton.SkeletonGenerator;

/**
 * {@code skeletons}: regenerate lab-* from solutions/lab-* (or, with --check, say what differs). First the
 * support classes ({@code socketlab.Args}, {@code socketlab.TimeLimit}) are written into the solutions that
 * import them, then each skeleton is generated from its solution.
 */
@Command(
        name = "skeletons",
        mixinStandardHelpOptions = true,
        description = "Regenerates the student skeletons (lab-*/src) from the solutions' marked steps.")
final class SkeletonsCommand implements Callable<Integer> {

    @Option(names = "--check", description = "change nothing; exit 1 if a skeleton is not what its solution generates")
    private boolean check;

    @Override
    public Integer call() throws IOException {
        Path kit = KitRoot.find();
        int differences = 0;
        for (String lab : Lab.folders()) {
            Path solution = kit.resolve("solutions").resolve(lab);
            Map<String, String> support = SkeletonGenerator.supportFiles(solution);
            differences += write(
                    kit,
                    solution,
                    support,
                    existingSources(solution).stream()
                            .filter(SkeletonsCommand::isSupportFile)
                            .filter(f -> !support.containsKey(f))
                            .toList());
            Map<String, String> generated = SkeletonGenerator.generate(solution);
            Path labDir = kit.resolve(lab);
            differences += write(
                    kit,
                    labDir,
                    generated,
                    existingSources(labDir).stream()
                            .filter(f -> !generated.containsKey(f))
                            .toList());
        }
        System.out.println(
                differences == 0
                        ? "Skeletons are up to date."
                        : check ? differences + " difference(s)." : "Skeletons regenerated.");
        return check && differences > 0 ? 1 : 0;
    }

    /**
     * Makes {@code labDir}'s files {@code generated} and removes {@code stale} (or, with --check, counts the
     * differences).
     */
    private int write(Path kit, Path labDir, Map<String, String> generated, List<String> stale) throws IOException {
        int differences = 0;
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path target = labDir.resolve(file.getKey());
            boolean same = Files.exists(target)
                    && Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue());
            if (!same) {
                differences++;
                System.out.println((check ? "differs: " : "wrote:   ") + kit.relativize(target));
                if (!check) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                }
            }
        }
        for (String file : stale) {
            differences++;
            System.out.println((check ? "extra:   " : "removed: ") + kit.relativize(labDir.resolve(file)));
            if (!check) {
                Files.delete(labDir.resolve(file));
            }
        }
        return differences;
    }

    private static boolean isSupportFile(String file) {
        return SkeletonGenerator.SUPPORT_CLASSES.stream()
                .anyMatch(name -> file.equals("src/main/java/socketlab/" + name + ".java"));
    }

    static List<String> existingSources(Path labDir) throws IOException {
        Path src = labDir.resolve("src");
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(src)) {
            return walk.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .map(p -> labDir.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }
}
