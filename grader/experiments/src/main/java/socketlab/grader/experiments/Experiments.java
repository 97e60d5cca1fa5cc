package socketlab.grader.experiments;

import java.util.List;

/** The experiments the {@code experiment} command knows. */
public final class Experiments {

    private static final List<Experiment> ALL = List.of(
            new PingerExperiment(), new TransferExperiment(), new TcpToxicsExperiment(), new SlowClientsExperiment());

    private Experiments() {}

    public static List<Experiment> all() {
        return ALL;
    }

    public static Experiment named(String name) {
        return ALL.stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no experiment named '" + name + "': choose from "
                        + ALL.stream().map(Experiment::name).toList()));
    }
}
