package socketlab.grader.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import socketlab.grader.cli.KitRoot;
import socketlab.grader.cli.KitSubcommand;
import socketlab.grader.core.RerunCommand;

/**
 * {@code experiment NAME}: runs a lossy-network experiment over a grid and writes runs.csv, charts and summary.md.
 * Added to the kit's command line by this module (META-INF/services), so only this module's classpath has it.
 */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a named experiment over a grid of impairments with the labs' code (the solutions, unless "
                    + "--submission names another folder) and writes runs.csv, PNG charts and summary.md into --out.",
            "'experiment list' names the experiments; 'experiment all' runs every one, each into its own folder."
        })
public final class ExperimentCommand implements Callable<Integer>, KitSubcommand {

    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "pinger, transfer, tcp-toxics, slow-clients, all, or list")
    private String name;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: experiments-output/NAME)")
    private Path out;

    @Option(names = "--quick", description = "a small grid that runs in seconds")
    private boolean quick;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            description = "runs of each grid point (default: the experiment's own)")
    private Integer repeats;

    @Option(names = "--jobs", paramLabel = "N", description = "worker JVMs at a time (default: the experiment's own)")
    private Integer jobs;

    @Option(
            names = "--submission",
            paramLabel = "DIR",
            description =
                    "folder with the lab-* folders whose code runs (default: the kit's solutions; '.' runs the kit's "
                            + "own lab folders)")
    private Path submission;

    @Override
    public Integer call() throws Exception {
        if (name.equals("list")) {
            for (Experiment e : Experiments.all()) {
                System.out.printf("%-13s %s (%s)%n", e.name(), e.title(), String.join(", ", e.labs()));
            }
            return 0;
        }
        if (repeats != null && repeats < 1 || jobs != null && jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--repeats and --jobs must be at least 1");
        }
        List<Experiment> chosen = new ArrayList<>();
        if (name.equals("all")) {
            chosen.addAll(Experiments.all());
        } else {
            try {
                chosen.add(Experiments.named(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + " (or 'all', or 'list')");
            }
        }
        Path kit = KitRoot.find();
        // The solutions by default; the student edition has none, so there it is the kit's own lab folders.
        Path labs = submission != null
                ? (submission.isAbsolute() ? submission : kit.resolve(submission)).normalize()
                : Files.isDirectory(kit.resolve("solutions")) ? kit.resolve("solutions") : kit;
        if (!Files.isDirectory(labs)) {
            throw new ParameterException(spec.commandLine(), "no such folder: " + labs);
        }
        Path base = out == null ? kit.resolve("experiments-output") : (out.isAbsolute() ? out : kit.resolve(out));
        for (Experiment experiment : chosen) {
            Path folder = out == null || chosen.size() > 1 ? base.resolve(experiment.name()) : base;
            String command = RerunCommand.experiment(experiment.name() + (quick ? " --quick" : "") + " --seed " + seed
                    + (repeats == null ? "" : " --repeats " + repeats)
                    + (submission == null ? "" : " --submission " + submission));
            ExperimentRunner.Options options = new ExperimentRunner.Options(
                    labs, folder, quick, seed, repeats, jobs, KitRoot.forwardedProperties(), command);
            ExperimentRunner.Outcome outcome = new ExperimentRunner(experiment, options, System.err).run();
            Path shown = outcome.summary().startsWith(kit) ? kit.relativize(outcome.summary()) : outcome.summary();
            System.out.println("Summary: " + shown);
        }
        return 0;
    }
}
