package socketlab.grader.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What a student reads when a suite's assertion fails: AssertJ's own messages, rewritten. */
class PlainWordsTest {

    @Test
    void noReplyReadsAsExpectedTheReplyGotNothing() {
        assertThat(plain(() -> assertThat(Optional.<String>empty())
                        .as("the reply at bob's port 43122")
                        .contains("FROM BOB")))
                .isEqualTo("the reply at bob's port 43122: expected \"FROM BOB\", got nothing");
        assertThat(plain(() ->
                        assertThat(Optional.of("from bob")).as("the reply").contains("FROM BOB")))
                .isEqualTo("the reply: expected it to contain \"FROM BOB\", got from bob");
        assertThat(plain(
                        () -> assertThat(Optional.<String>empty()).as("a reply").isPresent()))
                .isEqualTo("a reply: expected something, got nothing");
    }

    @Test
    void comparisonsSayExpectedAndGotWithoutComparatorOrPackageNoise() {
        assertThat(plain(() -> assertThat("HELLO").as("the reply").isEqualTo("HELLO WORLD")))
                .isEqualTo("the reply: expected \"HELLO WORLD\", got \"HELLO\"");
        assertThat(plain(() -> assertThat(new double[] {1, 2, 3.5, 4})
                        .as("the stats")
                        .containsExactly(new double[] {1, 2, 3, 4}, within(1e-6))))
                .isEqualTo("the stats: expected exactly [1.0, 2.0, 3.0, 4.0], got [1.0, 2.0, 3.5, 4.0]");
        assertThat(plain(() -> assertThat(2.6).as("the loss").isCloseTo(2.5, within(0.05))))
                .isEqualTo("the loss: expected 2.5 (give or take 0.05), got 2.6");
        assertThat(plain(() -> assertThat((Object) "x").as("the error").isInstanceOf(java.io.IOException.class)))
                .isEqualTo("the error: expected IOException, got String: \"x\"");
        assertThat(plain(() ->
                        assertThat(false).as("the server is still serving").isTrue()))
                .isEqualTo("the server is still serving: expected yes, got no");
        assertThat(plain(() -> assertThat(List.of(1, 2)).as("the lines").hasSize(3)))
                .isEqualTo("the lines: expected 3 of them, got 2: [1, 2]");
        assertThat(plain(() -> assertThat(5L).as("the time in ms").isLessThan(3L)))
                .isEqualTo("the time in ms: expected it to be less than 3L, got 5L");
    }

    @Test
    void everyMessageFormTheSuitesCanProduceLosesTheLibrarysPhrasing() {
        List<ThrowingCallable> failures = List.of(
                () -> assertThat("abc").as("the line").contains("x"),
                () -> assertThat("abc").as("the line").startsWith("x"),
                () -> assertThat("abc").as("the line").matches("x.*"),
                () -> assertThat("abc").as("the line").doesNotContain("b"),
                () -> assertThat(List.of(1)).as("the list").isEmpty(),
                () -> assertThat(List.of()).as("the list").isNotEmpty(),
                () -> assertThat("").as("the output").isNotBlank(),
                () -> assertThat((Object) null).as("the thing").isNotNull(),
                () -> assertThat(5).as("threads").isZero(),
                () -> assertThat(5).as("threads").isBetween(1, 3),
                () -> assertThat(List.of("a", "b")).as("lines").anyMatch("c"::equals),
                () -> assertThat(true).as("whether it hung").isFalse(),
                () -> assertThat(Double.NaN).as("the mean").isEqualTo(2.0));
        for (ThrowingCallable failure : failures) {
            assertThat(plain(failure))
                    .doesNotContain("Expecting", "but was", "comparator", "java.lang.", "Optional")
                    .contains("expected")
                    .doesNotStartWith("[");
        }
    }

    @Test
    void aSuitesOwnWordsPassThrough() {
        assertThat(PlainWords.of("The server answered before the newline arrived."))
                .isEqualTo("The server answered before the newline arrived.");
        assertThat(PlainWords.of("[request(\"x\") must never hang] \nexpected: false\n but was: true"))
                .isEqualTo("request(\"x\") must never hang: expected no, got yes");
    }

    private static String plain(ThrowingCallable failing) {
        Throwable thrown = catchThrowable(failing);
        assertThat(thrown).as("the assertion under test must fail").isInstanceOf(AssertionError.class);
        return PlainWords.of(thrown.getMessage());
    }
}
