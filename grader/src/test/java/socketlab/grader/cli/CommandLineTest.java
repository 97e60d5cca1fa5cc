package socketlab.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

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
        assertThat(warnings.toString(StandardCharsets.UTF_8)).as("what picocli printed while rendering the help"
                + " (a '%' in a description must be written '%%')").isEmpty();
        assertThat(help.toString()).contains("udp-relay").contains("10% and 30% configured loss");
    }

    @ParameterizedTest(name = "udp-relay {0}")
    @CsvSource(delimiter = '|', value = {
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
        assertThat(err.toString().lines().findFirst()).as("the first line of the error").contains(message);
        assertThat(err.toString()).as("the error output").doesNotContain("Exception").doesNotContain("PT-");
    }
}
