package socketlab.grader.platforms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import socketlab.grader.KitPaths;

/** What the platform tests hand in: one lab file (the solution's or a broken copy), graded on one fast test. */
final class PlatformFixtures {

    /** Two points, one short UDP exchange: the cheapest graded test that needs the student's own server. */
    static final String FAST_TEST = "U1.serverRepliesInUpperCase";

    private PlatformFixtures() {}

    static Path solutionUdpServer() {
        return KitPaths.root().resolve("solutions/lab-udp/src/main/java/socketlab/udp/UDPServer.java");
    }

    /** Copies the solution's UDPServer.java into {@code folder}, broken when {@code compiles} is false. */
    static Path udpServerInto(Path folder, boolean compiles) throws IOException {
        Files.createDirectories(folder);
        String source = Files.readString(solutionUdpServer());
        // A stray brace after the class: javac stops there, and the package line still places the file in lab-udp.
        return Files.writeString(folder.resolve("UDPServer.java"), compiles ? source : source + "\n}\n");
    }
}
