package socketlab.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two grading processes never get the same sandbox user: a slot stays locked for as long as its holder uses it,
 * however many other slots that JVM takes and frees meanwhile.
 */
class UserSlotsTest {

    @TempDir
    Path folder;

    @Test
    void anotherProcessGetsNoSlotThisJvmHolds() throws Exception {
        UserSlots slots = new UserSlots(folder, 4);
        try (UserSlots.Slot first = slots.take();
                UserSlots.Slot second = slots.take()) {
            assertThat(List.of(first.index(), second.index())).containsExactly(0, 1);
            // Taking the second slot must not have loosened the first one's lock (POSIX locks go with any close).
            assertThat(slotTakenByAnotherProcess()).isEqualTo(2);
            try (UserSlots.Slot third = slots.take()) {
                assertThat(third.index()).isEqualTo(2);
            }
            assertThat(slotTakenByAnotherProcess())
                    .as("a slot freed here is free for others")
                    .isEqualTo(2);
        }
        assertThat(slotTakenByAnotherProcess()).isZero();
    }

    @Test
    void aSlotFreedHereCanBeTakenAgainHere() throws IOException {
        UserSlots slots = new UserSlots(folder, 2);
        UserSlots.Slot first = slots.take();
        first.close();
        try (UserSlots.Slot again = slots.take()) {
            assertThat(again.index()).isZero();
        }
    }

    /** The slot a separate JVM takes in the same folder (and frees as it exits). */
    private int slotTakenByAnotherProcess() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        TakeOne.class.getName(),
                        folder.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the other JVM ended")
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        return Integer.parseInt(output);
    }

    /** The other grading process: takes a slot and prints its index. */
    static final class TakeOne {
        public static void main(String[] args) throws IOException {
            System.out.println(new UserSlots(Path.of(args[0]), 4).take().index());
        }
    }
}
