package socketlab.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import socketlab.grader.core.RerunCommand;

/** The kit's command line as a user meets it: help without warnings, bad options refused in the options' own words. */
class CommandLineTest {

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        PrintStream realErr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringWriter help = new StringWriter();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            CommandLine root = SocketLab.commandLine();
            root.usage(new PrintWriter(help));
            root.getSubcommands().values().forEach(command -> command.usage(new PrintWriter(help)));
        } finally {
            System.setErr(realErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .as("what picocli printed while rendering the help" + " (a '%' in a description must be written '%%')")
                .isEmpty();
        assertThat(help.toString()).contains("udp-relay").contains("10% and 30% configured loss");
    }

    @ParameterizedTest(name = "udp-relay {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--to 70000             | --to must be a port from 1 to 65535, not 70000",
                "--to 0                 | --to must be a port from 1 to 65535, not 0",
                "--to 9 --delay -5      | --delay must be 0 to 60000 milliseconds, not -5",
                "--to 9 --jitter -1     | --jitter must be 0 to 60000 milliseconds, not -1",
                "--to 9 --loss 1.5      | --loss must be a probability from 0 to 1, not 1.5",
                "--to 9 --corrupt NaN   | --corrupt must be a probability from 0 to 1, not NaN",
            })
    void udpRelayRefusesABadOptionInItsOwnWords(String arguments, String message) {
        StringWriter err = new StringWriter();
        CommandLine command = SocketLab.commandLine().setErr(new PrintWriter(err));

        int exit = command.execute(("udp-relay " + arguments).split(" +"));

        assertThat(exit).as("the exit status").isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .as("the first line of the error")
                .contains(message);
        assertThat(err.toString())
                .as("the error output")
                .doesNotContain("Exception")
                .doesNotContain("PT-");
    }

    @Test
    void namingALabDoesNotChangeWhatASubmissionMayBeLooseFilesAreStillPlaced(@TempDir Path upload) throws IOException {
        Files.writeString(upload.resolve("UDPServer.java"), "package socketlab.udp;\npublic class UDPServer {}\n");
        assertThat(UploadGrading.hasLabFolders(upload, List.of("lab-udp")))
                .as("loose files, lab-udp named: placed by package")
                .isFalse();
        assertThat(UploadGrading.hasLabFolders(upload, List.of()))
                .as("loose files, no lab named: placed by package")
                .isFalse();

        Files.createDirectories(upload.resolve("lab-tcp/src/main/java"));
        assertThat(UploadGrading.hasLabFolders(upload, List.of("lab-udp")))
                .as("a lab-tcp folder, lab-udp named: lab-udp's files placed")
                .isFalse();
        assertThat(UploadGrading.hasLabFolders(upload, List.of()))
                .as("a lab-tcp folder, no lab named")
                .isTrue();
        Files.createDirectories(upload.resolve("lab-udp/src/main/java"));
        assertThat(UploadGrading.hasLabFolders(upload, List.of("lab-udp")))
                .as("a lab-udp folder, lab-udp named")
                .isTrue();
    }

    @Test
    void theGraderAloneHasNoExperimentCommandAndSaysWhichCommandRunsOne() {
        StringWriter err = new StringWriter();
        CommandLine grader = SocketLab.commandLine().setErr(new PrintWriter(err));

        int exit = SocketLab.run(grader, "experiment", "pinger", "--quick");

        assertThat(grader.getSubcommands())
                .as("XChart's users are not on the grader's classpath")
                .doesNotContainKey("experiment")
                .containsKey("grade");
        assertThat(exit).as("the exit status").isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("socketlab: the experiment command is in the grader/experiments module, "
                        + "run it as ./mvnw -q -pl grader/experiments -am compile exec:exec -Dexperiment=\"pinger "
                        + "--quick\""
                        + System.lineSeparator());
    }

    @Test
    void theRerunCommandIsTheShortGradeScriptAndTheLongFormStillCloses() {
        assertThat(RerunCommand.oneTest(RerunCommand.grading("lab-udp", null), "U1.x", 42))
                .isEqualTo("./grade lab-udp --test U1.x --seed 42");
        assertThat(RerunCommand.oneTest(RerunCommand.grading("lab-udp", "subs/ana.zip"), "U1.x", 42))
                .isEqualTo("./grade lab-udp --submission subs/ana.zip --test U1.x --seed 42");
        assertThat(RerunCommand.oneTest(RerunCommand.KIT + "grade lab-udp", "U1.x", 42))
                .isEqualTo("./mvnw -q -pl grader -am compile exec:exec -Dkit=\"grade lab-udp --test U1.x --seed 42\"");
    }
}
