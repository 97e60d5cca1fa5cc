package socketlab.grader.suites.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socketlab.grader.KitPaths;

/** Both web server handouts show the one HTTP table the shared suite checks, word for word. */
class HttpBehaviourTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"lab-tcp", "lab-threaded"})
    void handoutShowsTheSharedTable(String lab) throws IOException {
        String handout = Files.readString(KitPaths.root().resolve(lab).resolve("README.md"), StandardCharsets.UTF_8);
        int begin = handout.indexOf(HttpBehaviourTest.TABLE_BEGIN);
        int end = handout.indexOf(HttpBehaviourTest.TABLE_END);
        assertThat(begin)
                .as(lab + "/README.md has the line " + HttpBehaviourTest.TABLE_BEGIN)
                .isNotNegative();
        assertThat(end)
                .as(lab + "/README.md has the line " + HttpBehaviourTest.TABLE_END)
                .isGreaterThan(begin);
        assertThat(handout.substring(begin + HttpBehaviourTest.TABLE_BEGIN.length() + 1, end))
                .as(lab
                        + "/README.md's HTTP table must be HttpBehaviourTest.TABLE "
                        + "(grader/src/main/java/socketlab/grader/suites/web),"
                        + " which the shared suite checks: change the table there, then copy it into both handouts")
                .isEqualTo(HttpBehaviourTest.TABLE);
    }
}
