package socketlab.grader.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.KitPaths;
import socketlab.grader.distribution.AutolabBundle;
import socketlab.grader.run.GraderClasspath;

/**
 * Autolab's autograding files, run the way Tango runs them: autograde-Makefile renamed to Makefile, autograde.tar
 * and the handin (renamed to the assessment's handin name) in an empty folder, then {@code make}; the grader is
 * started by the image's launcher ({@code grader/docker/socketlab}) on this build's classes.
 */
@ExtendedCheck
class AutolabMakefileTest {

    @TempDir
    Path lab;

    @Test
    void makeGradesALooseHandinAndItsLastLineIsAutolabsAutoresult() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/make")) || Files.isExecutable(Path.of("/bin/make")),
                "make is not installed");
        Path bundle = lab.resolve("assessment");
        AutolabBundle.write(bundle, List.of("lab-udp"), List.of(PlatformFixtures.FAST_TEST));
        Path tango = Files.createDirectories(lab.resolve("tango"));
        Files.copy(bundle.resolve(AutolabBundle.MAKEFILE), tango.resolve("Makefile"));
        Files.copy(bundle.resolve(AutolabBundle.TARBALL), tango.resolve(AutolabBundle.TARBALL));
        Files.copy(PlatformFixtures.solutionUdpServer(), tango.resolve("UDPServer.java"));

        ProcessBuilder make =
                new ProcessBuilder("make").directory(tango.toFile()).redirectErrorStream(true);
        make.environment()
                .put(
                        "SOCKETLAB",
                        KitPaths.root().resolve("grader/docker/socketlab").toString());
        make.environment().put("SOCKETLAB_KIT", KitPaths.root().toString());
        make.environment().put("SOCKETLAB_CLASSPATH", GraderClasspath.current());
        Process process = make.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.strip().lines().toList();
        JsonObject autoresult =
                JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        assertThat(autoresult.getAsJsonObject("scores").get("U1").getAsDouble())
                .as(output)
                .isEqualTo(2.0);
        assertThat(autoresult.getAsJsonArray("scoreboard").get(0).getAsDouble()).isEqualTo(2.0);
        assertThat(output).contains("TOTAL");
    }

    @Test
    void theTarballHoldsTheGradeScriptWithTheAssessmentsOptions() throws IOException, InterruptedException {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "tar is not installed");
        AutolabBundle.write(lab, List.of("udp"), List.of("U2"));

        Process untar = new ProcessBuilder("tar", "xf", AutolabBundle.TARBALL)
                .directory(lab.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(untar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue())
                .as(new String(untar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        Path script = lab.resolve("autograde/grade");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).contains("autolab-grade \"$upload\" lab-udp --test U2");
    }
}
