package socketlab.grader.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import socketlab.grader.sandbox.Sandbox;

/**
 * A Gradescope autograder zip: {@code setup.sh} installs a JDK and builds the kit once;
 * {@code run_autograder} grades {@code /autograder/submission} with the instructor's kit (hidden tests
 * included) and writes {@code /autograder/results/results.json} — a zero-score one with the reason if
 * grading itself cannot run.
 */
public final class GradescopeBundle {

    private GradescopeBundle() {}

    public static List<String> write(Path kit, Path zipFile) throws IOException {
        List<String> files = KitFiles.list(kit, rel -> false);
        Files.createDirectories(zipFile.toAbsolutePath().getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            // Gradescope runs setup.sh and run_autograder itself; the scripts chmod what they execute.
            add(zip, "setup.sh", SETUP.getBytes(StandardCharsets.UTF_8));
            add(zip, "run_autograder", RUN.getBytes(StandardCharsets.UTF_8));
            for (String file : files) {
                add(zip, "kit/" + file, Files.readAllBytes(kit.resolve(file)));
            }
        }
        return files;
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        zip.putNextEntry(entry);
        try (OutputStream out = new NonClosing(zip)) {
            out.write(content);
        }
        zip.closeEntry();
    }

    /** Lets one entry be written through a stream without closing the whole zip. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    static final String SETUP = """
            #!/usr/bin/env bash
            # Gradescope runs this once when the autograder image is built.
            set -euo pipefail
            apt-get update
            apt-get install -y --no-install-recommends openjdk-17-jdk-headless
            cd /autograder/source/kit
            chmod +x mvnw
            # Fetch Maven, the libraries and plugins now: grading itself then runs offline.
            ./mvnw -B -q -DskipTests -pl grader -am compile
            ./mvnw -B -q -o -pl grader -am compile exec:exec -Dkit=--version
            """;

    static final String RUN = """
            #!/usr/bin/env bash
            # Gradescope runs this for each submission; results go to /autograder/results/results.json.
            set -uo pipefail
            mkdir -p /autograder/results
            # The student's programs run as users FIRST_UID to LAST_UID: the grader, the hidden tests and the
            # results are closed to them. Grading writes to a private folder; results.json is copied out last.
            chmod 700 /autograder/source /autograder/results
            out=$(mktemp -d /tmp/socketlab-results-XXXXXX)
            cd /autograder/source/kit
            if ! ./mvnw -B -q -o -pl grader -am compile exec:exec \\
                 -Dkit="grade --submission /autograder/submission --out $out" > "$out/grader.log" 2>&1; then
              if [ ! -s "$out/results.json" ]; then
                # The grader's own words, without Maven's log lines and stack traces, as one JSON string.
                reason=$(grep -v -E '^\\[(ERROR|INFO|WARNING)\\]|^[[:space:]]+at |^org\\.apache\\.' "$out/grader.log" \\
                  | tail -c 3000 | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g' | tr '\\n\\t' '  ' | tr -d '\\000-\\037')
                printf '{"score": 0, "output": "The autograder could not grade this submission: %s"}\\n' "$reason" \\
                  > "$out/results.json"
              fi
            fi
            # Every process of the student's is gone before the results are written (the grader ended them; this ends
            # any that escaped it), so nothing of theirs can write results.json after the grader did.
            for status in /proc/[0-9]*/status; do
              uid=$(awk '/^Uid:/ {print $2}' "$status" 2>/dev/null)
              if [ -n "$uid" ] && [ "$uid" -ge FIRST_UID ] && [ "$uid" -le LAST_UID ]; then
                kill -9 "${status//[^0-9]/}" 2>/dev/null
              fi
            done
            cp "$out"/report.md "$out"/report.html "$out"/grader.log /autograder/results/ 2>/dev/null
            cp "$out/results.json" /autograder/results/results.json
            cat "$out/grader.log"
            """.replace("FIRST_UID", String.valueOf(Sandbox.FIRST_UID))
            .replace("LAST_UID", String.valueOf(Sandbox.LAST_UID));
}
