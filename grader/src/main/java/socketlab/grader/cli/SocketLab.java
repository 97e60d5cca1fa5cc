package socketlab.grader.cli;

import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import socketlab.grader.bench.BenchGradingCommand;
import socketlab.grader.bench.BenchThreadedCommand;
import socketlab.grader.core.RerunCommand;
import socketlab.grader.toxiproxy.ToxiproxyBenchmarkCommand;
import socketlab.grader.toxiproxy.ToxiproxyServerCommand;

/**
 * The kit's command line: {@code ./mvnw -q -pl grader -am compile exec:exec -Dkit="COMMAND ..."}. Modules built
 * after the grader add their subcommands as {@link KitSubcommand}s: grader/experiments adds {@code experiment}
 * (run through that module, so XChart never sits on the grader's classpath).
 */
@Command(
        name = "socketlab",
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
        })
public final class SocketLab implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The subcommand grader/experiments adds: the grader alone does not have it. */
    private static final String EXPERIMENT = "experiment";

    public static void main(String[] args) {
        System.exit(run(commandLine(), args));
    }

    /** Runs {@code args}; asked for the experiment command where it is not on the classpath, says how to run it. */
    static int run(CommandLine line, String... args) {
        if (args.length > 0
                && args[0].equals(EXPERIMENT)
                && !line.getSubcommands().containsKey(EXPERIMENT)) {
            line.getErr()
                    .println("socketlab: the experiment command is in the grader/experiments module, run it as "
                            + RerunCommand.experiment(
                                    String.join(" ", List.of(args).subList(1, args.length))));
            return 2;
        }
        return line.execute(args);
    }

    /** The command line with every subcommand on the classpath, as {@link #main} runs it (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new SocketLab());
        for (KitSubcommand contributed : ServiceLoader.load(KitSubcommand.class)) {
            line.addSubcommand(contributed);
        }
        return line.addSubcommand(new CommandLine.HelpCommand()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr()
                    .println(cmd.getColorScheme()
                            .errorText("socketlab " + cmd.getCommandName() + ": " + e.getMessage()));
            return 1;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
