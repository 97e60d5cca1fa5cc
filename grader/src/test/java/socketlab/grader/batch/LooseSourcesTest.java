package socketlab.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socketlab.grader.KitPaths;

/** A Gradescope-style upload of loose .java files becomes lab folders, by package, with the gaps from the skeleton. */
class LooseSourcesTest {

    @TempDir
    Path upload;

    @TempDir
    Path into;

    private Path write(String relative, String content) throws IOException {
        Path file = upload.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** The skeleton as exported: the student edition's frozen copy, or the instructor kit's lab folder. */
    private static Path skeleton(String lab, String file) {
        Path frozen = KitPaths.root().resolve("grader/lab-api/src/main/java").resolve(file);
        return Files.exists(frozen)
                ? frozen
                : KitPaths.root().resolve(lab).resolve("src/main/java").resolve(file);
    }

    private static String source(String pkg, String name) {
        return "// a student's file\npackage " + pkg + ";\n\npublic class " + name + " {\n}\n";
    }

    @Test
    void filesGoToTheirLabsByPackageAndTheRestComesFromTheSkeleton() throws IOException {
        write("UDPServer.java", source("socketlab.udp", "UDPServer"));
        write("some/folder/TCPServer.java", source("socketlab.tcp", "TCPServer"));

        LooseSources.Placement placement =
                LooseSources.arrange(upload, KitPaths.root(), into).orElseThrow();

        Path udp = into.resolve("lab-udp/src/main/java/socketlab/udp");
        assertThat(udp.resolve("UDPServer.java")).hasContent(source("socketlab.udp", "UDPServer"));
        assertThat(udp.resolve("UDPClient.java"))
                .as("a file not uploaded: the skeleton's")
                .hasSameTextualContentAs(skeleton("lab-udp", "socketlab/udp/UDPClient.java"));
        assertThat(into.resolve("lab-udp/src/main/java/socketlab/Todo.java"))
                .as("the skeletons' helper")
                .exists();
        assertThat(into.resolve("lab-tcp/src/main/java/socketlab/tcp/TCPServer.java"))
                .exists();
        assertThat(into.resolve("lab-threaded"))
                .as("no file of lab-threaded was uploaded")
                .doesNotExist();

        assertThat(placement.uploaded()).containsOnlyKeys("lab-tcp", "lab-udp");
        assertThat(placement.uploaded().get("lab-udp")).containsExactly("UDPServer.java");
        assertThat(placement.fromSkeleton().get("lab-udp"))
                .contains("UDPClient.java")
                .doesNotContain("UDPServer.java", "Todo.java");
        assertThat(placement.notes().get("lab-udp"))
                .contains(
                        "Graded from your upload: UDPServer.java",
                        "taken from the skeleton (their tests score 0): ",
                        "UDPClient.java");
    }

    @Test
    void strayFilesAreLeftOutAndSaidSo() throws IOException {
        write("UDPServer.java", source("socketlab.udp", "UDPServer"));
        write("old/UDPServer.java", source("socketlab.udp", "UDPServer") + "// an older copy\n");
        write("Scratch.java", "class Scratch {}\n");
        write("Other.java", source("com.example", "Other"));
        write("Todo.java", source("socketlab", "Todo"));
        write("__MACOSX/._UDPClient.java", "\u0000\u0005 resource fork");
        write("._UDPClient.java", "\u0000\u0005 resource fork");

        LooseSources.Placement placement =
                LooseSources.arrange(upload, KitPaths.root(), into).orElseThrow();

        assertThat(into.resolve("lab-udp/src/main/java/socketlab/udp/UDPServer.java"))
                .as("the shallowest copy wins")
                .hasContent(source("socketlab.udp", "UDPServer"));
        assertThat(placement.ignored())
                .hasSize(3)
                .anySatisfy(s -> assertThat(s).contains("a second UDPServer.java"))
                .anySatisfy(s -> assertThat(s).startsWith("Scratch.java (no package line)"))
                .anySatisfy(s -> assertThat(s).startsWith("Other.java (package com.example is not a lab's)"));
        assertThat(placement.fromSkeleton().get("lab-udp"))
                .as("the resource forks are not the student's UDPClient")
                .contains("UDPClient.java");
        assertThat(placement.notes().get("lab-udp")).contains("Left out: ");
    }

    @Test
    void nothingOfALabMeansNoPlacement() throws IOException {
        write("notes.txt", "hello");
        write("Scratch.java", "class Scratch {}\n");
        assertThat(LooseSources.arrange(upload, KitPaths.root(), into)).isEqualTo(Optional.empty());
    }
}
