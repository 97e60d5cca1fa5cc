package socketlab.grader.toxiproxy.embedded;

import java.util.List;
import java.util.stream.Collectors;

/** Lists live engine threads by name, for leak checks. */
final class EngineThreadsProbe {
    private EngineThreadsProbe() {}

    static List<String> namesContaining(String part) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(EngineThreads.PREFIX) && name.contains(part))
                .sorted()
                .collect(Collectors.toList());
    }

    static boolean allDaemon() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(EngineThreads.PREFIX))
                .allMatch(Thread::isDaemon);
    }
}
