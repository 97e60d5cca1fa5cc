package socketlab.grader.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import socketlab.grader.batch.LooseSources;
import socketlab.grader.batch.SubmissionFinder;
import socketlab.grader.core.Lab;
import socketlab.grader.core.RerunCommand;
import socketlab.grader.results.GradingReport;
import socketlab.grader.run.Grading;
import socketlab.grader.run.GradingOptions;
import socketlab.grader.run.TempFolder;

/**
 * Grades one upload the way every platform hands it over: a folder or {@code .zip} holding lab folders (a copy of
 * the kit, a few folders down is fine), or just {@code .java} files, placed in their labs by package. {@code grade
 * --submission}, PrairieLearn's {@code /grade/student} and Autolab's handin all go through here.
 *
 * @param labs     lab folders to grade; empty: every lab the upload has
 * @param tests    {@code --test} selections; empty: all
 * @param seed     one seed for every test, or null
 * @param labCap   the most time one lab may take
 * @param cap      the most time the whole upload may take
 * @param shownAs  how a rerun command names the upload, or null for the kit's own labs
 */
record UploadGrading(List<String> labs, List<String> tests, Long seed, Duration labCap, Duration cap, String shownAs) {

    /** Why an upload cannot be graded, in one line. */
    static final class BadUpload extends RuntimeException {
        BadUpload(String message) {
            super(message);
        }
    }

    /** The report of grading {@code upload}; a {@link BadUpload} says in one line why it cannot start. */
    GradingReport grade(Path kit, Path upload) {
        boolean zip = Files.isRegularFile(upload)
                && upload.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        if (!Files.isDirectory(upload) && !zip) {
            throw new BadUpload("no such folder or .zip file: " + upload);
        }
        List<String> chosen = new ArrayList<>();
        for (String lab : labs) {
            chosen.add(Lab.named(lab)
                    .orElseThrow(() -> new BadUpload(Lab.unknown(lab)))
                    .folder());
        }
        try (TempFolder temp = TempFolder.create("socketlab-upload-")) {
            Path files = upload;
            if (zip) {
                files = temp.path().resolve("unzipped");
                try {
                    SubmissionFinder.unzip(upload, files);
                } catch (IOException | IllegalArgumentException e) {
                    throw new BadUpload("cannot unpack " + upload + ": " + e.getMessage());
                }
            }
            // A submission may hold its labs a few folders down (an unpacked zip of the kit, say).
            Path folder = SubmissionFinder.labsRootIn(files).orElse(files);
            Map<String, String> notes = new TreeMap<>();
            String shownSubmission = zip ? upload.toString() : null;
            String submissionNote = "";
            if (!hasLabFolders(folder, chosen)) {
                // No lab folders: loose .java files (a Gradescope upload) go into their labs by package; with none,
                // every lab is graded as missing, so that the reports still say what was expected.
                Optional<LooseSources.Placement> placement =
                        LooseSources.arrange(files, kit, temp.path().resolve("placed"));
                if (placement.isPresent()) {
                    folder = placement.get().root();
                    notes.putAll(placement.get().notes());
                    shownSubmission = upload + " (loose .java files, placed in their labs by package)";
                } else {
                    submissionNote =
                            "Nothing to grade in " + upload + ": no lab-udp, lab-tcp or lab-threaded folder, and no "
                                    + ".java file whose package is socketlab.udp, socketlab.tcp or "
                                    + "socketlab.threaded. Hand in the "
                                    + "kit's lab-* folders (or a zip of your kit), or the .java files you changed.";
                    if (chosen.isEmpty()) {
                        chosen.addAll(Lab.folders());
                    }
                }
            }
            GradingOptions options = new GradingOptions(
                    kit,
                    folder,
                    chosen,
                    tests,
                    seed,
                    labCap,
                    cap,
                    RerunCommand.grading("{lab}", shownAs),
                    KitRoot.forwardedProperties());
            GradingReport report = new Grading(options, line -> System.err.println("  … " + line))
                    .run()
                    .withLabNotes(notes);
            return report.describedAs(shownSubmission != null ? shownSubmission : report.submission(), submissionNote);
        }
    }

    /** Whether {@code folder} has a lab folder to grade: one of {@code chosen}, or any lab when none was named. */
    static boolean hasLabFolders(Path folder, List<String> chosen) {
        return Grading.labsIn(folder, List.of()).stream().anyMatch(lab -> chosen.isEmpty() || chosen.contains(lab));
    }
}
