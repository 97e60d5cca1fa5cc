package socketlab.grader.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.ExtendedCheck;
import socketlab.grader.cli.SocketLab;

/**
 * The PrairieLearn entry point against a folder laid out as PrairieLearn's external grader lays out /grade
 * (data/data.json, student/ with the uploaded files; results/ is the grader's to create).
 */
@ExtendedCheck
class PrairieLearnEntryPointTest {

    @TempDir
    Path grade;

    private JsonObject gradeUpload(boolean compiles) throws IOException {
        Files.createDirectories(grade.resolve("data"));
        Files.writeString(grade.resolve("data/data.json"), """
                {"params": {}, "correct_answers": {}, "submitted_answers": {"_files": [{"name": "UDPServer.java"}]}, "options": {}}
                """);
        PlatformFixtures.udpServerInto(grade.resolve("student"), compiles);

        int exit = SocketLab.commandLine()
                .execute(
                        "prairielearn",
                        "--grade-root",
                        grade.toString(),
                        "lab-udp",
                        "--test",
                        PlatformFixtures.FAST_TEST);

        assertThat(exit).isZero();
        return JsonParser.parseString(Files.readString(grade.resolve("results/results.json")))
                .getAsJsonObject();
    }

    @Test
    void theSolutionsServerUploadedAloneScoresFullMarksOnItsTest() throws IOException {
        JsonObject results = gradeUpload(true);

        assertThat(results.get("gradable").getAsBoolean()).isTrue();
        assertThat(results.get("score").getAsDouble()).isEqualTo(1.0);
        assertThat(results.getAsJsonArray("tests")).hasSize(1);
        JsonObject test = results.getAsJsonArray("tests").get(0).getAsJsonObject();
        assertThat(test.get("points").getAsDouble())
                .isEqualTo(test.get("max_points").getAsDouble())
                .isEqualTo(2);
        assertThat(results.get("output").getAsString()).contains("UDPServer.java");
    }

    @Test
    void anUploadThatDoesNotCompileIsNotGradableAndSaysWhatTheCompilerSaid() throws IOException {
        JsonObject results = gradeUpload(false);

        assertThat(results.get("gradable").getAsBoolean()).isFalse();
        assertThat(results.getAsJsonArray("format_errors").toString())
                .contains("UDPServer.java")
                .contains("error");
        assertThat(results.has("score")).isFalse();
    }
}
