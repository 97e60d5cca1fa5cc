package socketlab.grader.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import socketlab.grader.bench.BenchGradingCommand;
import socketlab.grader.bench.BenchThreadedCommand;
import socketlab.grader.experiments.ExperimentCommand;
import socketlab.grader.toxiproxy.ToxiproxyBenchmarkCommand;
import socketlab.grader.toxiproxy.ToxiproxyServerCommand;

/** The kit's command line: {@code ./mvnw -q -pl grader -am compile exec:exec -Dkit="COMMAND ..."}. */
@Command(name = "socketlab",
        mixinStandardHelpOptions = true,
        version = "Socket Lab Kit 0.1.0",
        description = "Socket Lab Kit: grade the labs, run the impairment tools, regenerate skeletons.",
        subcommands = {
                GradeCommand.class,
                GradeClassCommand.class,
                ExportStudentCommand.class,
                GradescopeCommand.class,
                PrairieLearnCommand.class,
                AutolabCommands.Bundle.class,
                AutolabCommands.Grade.class,
                ToxiproxyServerCommand.class,
                ToxiproxyBenchmarkCommand.class,
                RelayBenchmarkCommand.class,
                UdpRelayCommand.class,
                SkeletonsCommand.class,
                BenchThreadedCommand.class,
                BenchGradingCommand.class,
                ExperimentCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class SocketLab implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@link #main} runs it (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new SocketLab())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("socketlab " + cmd.getCommandName() + ": " + e.getMessage()));
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
