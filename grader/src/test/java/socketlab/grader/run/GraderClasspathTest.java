package socketlab.grader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers never see a compiled copy of the labs: not the solutions, not the skeletons, not lab-api. */
class GraderClasspathTest {

    @Test
    void leavesOutLabApiAndTheLabModulesButKeepsTheGraderAndItsLibraries(@TempDir Path kit) throws IOException {
        Path graderClasses = kit.resolve("grader/target/classes");
        Files.createDirectories(graderClasses.resolve("socketlab/grader/run"));
        Path labApiClasses = kit.resolve("grader/lab-api/target/classes");
        Files.createDirectories(labApiClasses.resolve("socketlab/udp"));
        Files.createDirectories(labApiClasses.resolve("socketlab/tcp"));
        Path todoOnly = kit.resolve("todo-only/target/classes");
        Files.createDirectories(todoOnly.resolve("socketlab"));
        Files.writeString(todoOnly.resolve("socketlab/Todo.class"), "");
        String labApiJar =
                kit.resolve("grader/lab-api/target/lab-api-0.1.0-SNAPSHOT.jar").toString();
        String labApiFromRepo =
                "/home/me/.m2/repository/org/socketlab/lab-api/0.1.0-SNAPSHOT/lab-api-0.1.0-SNAPSHOT.jar";
        String solutionJar =
                "/home/me/.m2/repository/org/socketlab/solution-tcp/0.1.0-SNAPSHOT/solution-tcp-0.1.0-SNAPSHOT.jar";
        String labJar = "/somewhere/lab-threaded-0.1.0-SNAPSHOT.jar";
        String junit =
                "/home/me/.m2/repository/org/junit/jupiter/junit-jupiter-api/5.14.4/junit-jupiter-api-5.14.4.jar";

        String filtered = GraderClasspath.withoutLabClasses(String.join(
                File.pathSeparator,
                graderClasses.toString(),
                labApiClasses.toString(),
                labApiJar,
                labApiFromRepo,
                solutionJar,
                labJar,
                todoOnly.toString(),
                "",
                junit));

        assertThat(filtered.split(File.pathSeparator)).containsExactly(graderClasses.toString(), junit);
    }
}
