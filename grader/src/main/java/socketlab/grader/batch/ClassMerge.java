package socketlab.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code grade-class merge}: joins the output folders of a class graded in shards into the folder one run would have
 * written: every student's report folder, {@code gradebook.csv} (the same bytes as one run's), {@code summary.txt}
 * and {@code class-results.json}.
 */
public final class ClassMerge {

    private ClassMerge() {}

    /**
     * Merges {@code shardFolders} into {@code outFolder}; returns the summary. A one-line error when they do not fit.
     */
    public static String merge(Path outFolder, List<Path> shardFolders) {
        List<ClassResults> shards =
                shardFolders.stream().map(ClassResults::read).toList();
        check(shards, shardFolders);
        List<ClassResults.Student> students = new ArrayList<>();
        shards.forEach(shard -> students.addAll(shard.students()));
        students.sort(Comparator.comparing(ClassResults.Student::file, SubmissionFinder.ORDER));
        for (int i = 0; i < shards.size(); i++) {
            for (ClassResults.Student student : shards.get(i).students()) {
                copyReports(shardFolders.get(i), outFolder, ClassGrading.safeName(student.name()));
            }
        }
        long longest = shards.stream().mapToLong(ClassResults::millis).max().orElse(0);
        new ClassResults(Shard.ALL.toString(), shards.get(0).classFolder(), longest, students).write(outFolder);
        List<StudentResult> results =
                students.stream().map(ClassResults.Student::result).toList();
        return "Merged " + shards.size() + " shards; the longest took "
                + Duration.ofMillis(longest).toSeconds() + " s.\n"
                + ClassGrading.writeGradebook(results, Duration.ofMillis(longest), outFolder);
    }

    /** Every shard of one N, each once, all of the same class folder. */
    private static void check(List<ClassResults> shards, List<Path> folders) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("name the output folders of the shards to merge");
        }
        TreeSet<Integer> seen = new TreeSet<>();
        int count = Shard.parse(shards.get(0).shard()).count();
        for (int i = 0; i < shards.size(); i++) {
            Shard shard = Shard.parse(shards.get(i).shard());
            if (shard.count() != count) {
                throw new IllegalArgumentException(
                        folders.get(i) + " holds shard " + shard + ", but " + folders.get(0) + " one of " + count);
            }
            if (!seen.add(shard.index())) {
                throw new IllegalArgumentException("shard " + shard + " is given twice (" + folders.get(i) + ")");
            }
            if (!shards.get(i).classFolder().equals(shards.get(0).classFolder())) {
                throw new IllegalArgumentException(folders.get(i) + " graded the class folder '"
                        + shards.get(i).classFolder() + "', " + folders.get(0) + " '"
                        + shards.get(0).classFolder() + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            if (!seen.contains(index)) {
                missing.add(index + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "shard " + String.join(", ", missing) + " missing: the gradebook would lack its students");
        }
    }

    private static void copyReports(Path shardFolder, Path outFolder, String student) {
        Path from = shardFolder.resolve(student);
        Path to = outFolder.resolve(student);
        if (!Files.isDirectory(from)
                || from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
