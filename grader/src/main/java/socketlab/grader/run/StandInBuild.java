package socketlab.grader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import socketlab.grader.core.Lab;
import socketlab.grader.sandbox.StandIns;

/**
 * The labs' stand-ins for a kit, built once per grading process from the kit's own skeletons (the
 * frozen copy in the student edition): the API the suites were written against, never a student's code.
 */
final class StandInBuild {

    private static final Map<Path, Path> BUILT = new HashMap<>();

    private StandInBuild() {}

    static synchronized Path forKit(Path kitRoot) {
        Path root = kitRoot.toAbsolutePath().normalize();
        Path built = BUILT.get(root);
        if (built != null && Files.isDirectory(built)) {
            return built;
        }
        try {
            Path temp = Files.createTempDirectory("socketlab-stand-ins-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(temp), "delete-stand-ins"));
            List<Path> skeletons = new ArrayList<>();
            List<Path> api = new ArrayList<>();
            for (String lab : Lab.folders()) {
                Path skeleton = Grading.skeletonOf(root, lab);
                if (!Files.isDirectory(skeleton.resolve("src/main/java")) || skeletons.contains(skeleton)) {
                    continue;
                }
                skeletons.add(skeleton);
                LabCompiler.Compilation compiled = LabCompiler.compile(skeleton, temp.resolve("api-" + lab));
                if (!compiled.succeeded()) {
                    throw new IllegalStateException(
                            "the kit's own skeleton " + skeleton + " does not compile:\n" + compiled.messages());
                }
                api.add(compiled.classes());
            }
            built = StandIns.build(api, GraderClasspath.current(), temp.resolve("stand-ins"));
            BUILT.put(root, built);
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the labs' stand-ins", e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
