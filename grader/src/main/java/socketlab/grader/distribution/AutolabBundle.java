package socketlab.grader.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import socketlab.grader.core.Lab;

/**
 * Autolab's two autograding files (its "Guide for Lab Authors"): {@code autograde-Makefile}, which Tango renames
 * to {@code Makefile} and runs with {@code make} in a folder holding it, {@code autograde.tar} and the student's
 * handin (renamed to the assessment's handin file name); and {@code autograde.tar}, here one script,
 * {@code autograde/grade}, which hands the handin to the grader of the kit's image ({@code socketlab autolab-grade}).
 * The grader prints the scoreboard and, last, Autolab's JSON autoresult.
 */
public final class AutolabBundle {

    public static final String MAKEFILE = "autograde-Makefile";
    public static final String TARBALL = "autograde.tar";

    /** What a --test selection may look like (it goes into a shell script). */
    private static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9_.]+");

    private AutolabBundle() {}

    /** Writes both files into {@code folder}; {@code labs} and {@code tests} narrow what the assessment grades. */
    public static void write(Path folder, List<String> labs, List<String> tests) throws IOException {
        List<String> options = new ArrayList<>();
        for (String lab : labs) {
            options.add(Lab.named(lab)
                    .orElseThrow(() -> new IllegalArgumentException(Lab.unknown(lab)))
                    .folder());
        }
        for (String test : tests) {
            if (!TEST_ID.matcher(test).matches()) {
                throw new IllegalArgumentException(
                        "--test takes an exercise, test or method name (letters, digits, '.', '_'), not " + test);
            }
            options.add("--test");
            options.add(test);
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MAKEFILE), MAKEFILE_TEXT, StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "autograde/grade",
                GRADE.replace("OPTIONS", String.join(" ", options)).getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve(TARBALL), tar(files));
    }

    /** A POSIX (ustar) archive of regular files, each executable (they are scripts). */
    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((name, content) -> {
            byte[] header = new byte[512];
            put(header, 0, name, 100);
            put(header, 100, "0000755", 8);
            put(header, 108, "0000000", 8);
            put(header, 116, "0000000", 8);
            put(header, 124, String.format("%011o", content.length), 12);
            put(header, 136, String.format("%011o", 0), 12);
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            header[156] = '0';
            put(header, 257, "ustar", 6);
            put(header, 263, "00", 2);
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum), 7);
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int at, String text, int room) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > room) {
            throw new IllegalArgumentException("too long for a tar header: " + text);
        }
        System.arraycopy(bytes, 0, header, at, bytes.length);
    }

    static final String MAKEFILE_TEXT = """
            # Autolab (Tango) renames this file to Makefile and runs `make` in a folder that holds it, autograde.tar and
            # the student's handin. The last line of the output is the JSON autoresult Autolab reads.
            all:
            \t@tar xf autograde.tar
            \t@sh autograde/grade

            clean:
            \trm -rf autograde handin
            """;

    static final String GRADE = """
            #!/bin/sh
            # Grades the handin next to the Makefile with the Socket Lab Kit grader of this image (SOCKETLAB: its
            # launcher, default `socketlab` on the PATH). A .zip is graded as it is; a .tar is unpacked; any other
            # file (say UDPServer.java) is graded as a loose file, placed in its lab by its package.
            handin=""
            for f in *; do
              case "$f" in
                Makefile|autograde.tar|autograde|handin) ;;
                *) handin="$f" ;;
              esac
            done
            if [ -z "$handin" ]; then
              echo "No handin file found next to the Makefile."
              echo '{"scores": {}}'
              exit 0
            fi
            case "$handin" in
              *.zip|*.ZIP) upload="$handin" ;;
              *.tar) mkdir -p handin && tar xf "$handin" -C handin && upload=handin ;;
              *.tar.gz|*.tgz) mkdir -p handin && tar xzf "$handin" -C handin && upload=handin ;;
              *) mkdir -p handin && cp "$handin" handin/ && upload=handin ;;
            esac
            exec "${SOCKETLAB:-socketlab}" autolab-grade "$upload" OPTIONS
            """;
}
