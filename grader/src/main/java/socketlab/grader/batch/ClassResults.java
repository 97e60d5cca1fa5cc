package socketlab.grader.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import socketlab.grader.results.GradingReport;

/**
 * {@code class-results.json}: what one {@code grade-class} run (a shard, or the whole class) found, every student's
 * typed report included, so that {@code grade-class merge} builds the gradebook and the summary of the shards with
 * the very code a single run uses.
 *
 * @param shard       which slice of the class this run graded ("0/1": all of it)
 * @param classFolder the class folder's name (shards of different classes must not be merged)
 * @param millis      how long the run took
 */
record ClassResults(String shard, String classFolder, long millis, List<Student> students) {

    static final String FILE = "class-results.json";

    /** One student: the folder or zip they handed in ({@code file}), and what grading found. */
    record Student(String name, String file, String status, String notes, long millis, GradingReport report) {

        static Student of(StudentResult result) {
            return new Student(
                    result.submission().name(),
                    result.submission().source().getFileName().toString(),
                    result.status(),
                    result.notes(),
                    result.elapsed().toMillis(),
                    result.report());
        }

        StudentResult result() {
            return new StudentResult(
                    new Submission(name, Path.of(file), null, null), report, status, notes, Duration.ofMillis(millis));
        }
    }

    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Duration.class, new TypeAdapter<Duration>() {
                @Override
                public void write(JsonWriter out, Duration value) throws IOException {
                    out.value(value.toMillis());
                }

                @Override
                public Duration read(JsonReader in) throws IOException {
                    return Duration.ofMillis(in.nextLong());
                }
            })
            .create();

    void write(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(FILE), GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The results a run wrote into {@code folder}; a one-line error if there are none or they cannot be read. */
    static ClassResults read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no " + FILE + " in " + folder + ": is it the --out folder of a grade-class run that finished?");
        }
        try {
            ClassResults results = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ClassResults.class);
            if (results == null || results.shard() == null || results.students() == null) {
                throw new JsonParseException("missing fields");
            }
            return results;
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    List<StudentResult> results() {
        return students.stream().map(Student::result).toList();
    }
}
