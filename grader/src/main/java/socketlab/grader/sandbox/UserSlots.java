package socketlab.grader.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The sandbox users' slots of one machine, each held by a file lock so that two grading processes never share a
 * user (one's {@link Sandbox#endAll()} would end the other's programs). The operating system releases a dead
 * process's locks.
 *
 * <p>The locks are POSIX record locks, which a process loses on its file as soon as it closes <em>any</em>
 * descriptor of that file. So a slot this JVM holds is never opened a second time: the JVM keeps its own list.
 * (Opening every slot's file, held or not, and closing it on {@code OverlappingFileLockException} gave the slot
 * away while it was in use: two gradings then ended each other's programs.)
 */
final class UserSlots {

    /** Every grading process of the machine looks in this one folder, whatever its java.io.tmpdir. */
    static final UserSlots MACHINE = new UserSlots(Path.of("/tmp", "socketlab-sandbox-users"), 64);

    /** A slot this JVM holds until {@link #close()}. */
    final class Slot implements AutoCloseable {
        private final int index;
        private final FileChannel channel;

        private Slot(int index, FileChannel channel) {
            this.index = index;
            this.channel = channel;
        }

        int index() {
            return index;
        }

        /** Frees the slot for the next submission. */
        @Override
        public void close() {
            synchronized (UserSlots.this) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the lock goes with this process anyway
                }
                heldHere.remove(index);
            }
        }
    }

    private final Path folder;
    private final int count;
    /** Slots this JVM holds (guarded by this). */
    private final Set<Integer> heldHere = new HashSet<>();

    UserSlots(Path folder, int count) {
        this.folder = folder;
        this.count = count;
    }

    int count() {
        return count;
    }

    /** Locks a slot no process of the machine holds. */
    synchronized Slot take() throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        for (int index = 0; index < count; index++) {
            if (heldHere.contains(index)) {
                continue;
            }
            FileChannel channel = FileChannel.open(
                    folder.resolve(String.valueOf(index)), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                heldHere.add(index);
                return new Slot(index, channel);
            }
            channel.close(); // held by another process: this JVM had no lock on it to lose
        }
        throw new IllegalStateException("more than " + count + " submissions are being graded at once on this machine");
    }
}
