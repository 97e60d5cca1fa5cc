package socketlab.grader.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The threads of a process as the operating system sees them ({@code /proc/PID/task}): their ids and
 * names (the first 15 characters of a Java thread's name). Read from outside the process, so a
 * student's program cannot hide or invent a thread here.
 */
public final class ProcessThreads {

    /** The JVM's own threads, as the operating system names them (15 characters at most): not the program's. */
    private static final List<String> JVM_THREADS = List.of(
            "C1 CompilerThre",
            "C2 CompilerThre",
            "Sweeper thread",
            "Attach Listener",
            "Common-Cleaner",
            "process reaper",
            "ForkJoinPool.co",
            "Signal Dispatch",
            "Service Thread",
            "Notification Th",
            "VM Periodic Tas",
            "Monitor Deflati",
            "Finalizer",
            "Reference Handl",
            "VM Thread",
            "GC Thread",
            "G1 ");

    private ProcessThreads() {}

    /** True for a thread the JVM itself runs (compiler, GC, finalizer...), whose number comes and goes. */
    public static boolean isJvmOwn(String name) {
        return JVM_THREADS.stream().anyMatch(name::startsWith);
    }

    /** True where this observation is possible (Linux). */
    public static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /** Thread id → name, for every live thread of {@code pid}; empty if the process is gone. */
    public static Map<Long, String> of(long pid) {
        Map<Long, String> threads = new LinkedHashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    threads.put(
                            Long.parseLong(task.getFileName().toString()),
                            Files.readString(task.resolve("comm")).strip());
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }
}
