package socketlab.grader.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import socketlab.grader.core.Lab;
import socketlab.grader.run.Grading;

/**
 * Uploads that hold {@code .java} files but no {@code lab-*} folders (Gradescope's drag-and-drop, a zip of just the
 * files a student changed): each file goes into its lab by its {@code package} line, and a lab's files that were not
 * uploaded come from the skeleton, so the programs that were uploaded are graded and the others score 0.
 */
public final class LooseSources {

    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final int MAX_DEPTH = 12;
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /**
     * Where each file went. {@code uploaded} and {@code fromSkeleton} are per lab (file names); {@code ignored} says
     * what was left out and why.
     */
    public record Placement(
            Path root,
            Map<String, List<String>> uploaded,
            Map<String, List<String>> fromSkeleton,
            List<String> ignored) {

        /** One paragraph per lab that got files, for that lab's report. */
        public Map<String, String> notes() {
            Map<String, String> notes = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : uploaded.entrySet()) {
                StringBuilder note =
                        new StringBuilder("Your upload had no " + e.getKey() + " folder, so its .java files were "
                                + "placed by their package line. Graded from your upload: "
                                + String.join(", ", e.getValue()) + ".");
                List<String> skeleton = fromSkeleton.getOrDefault(e.getKey(), List.of());
                if (!skeleton.isEmpty()) {
                    note.append(" Not in your upload, so taken from the skeleton (their tests score 0): ")
                            .append(String.join(", ", skeleton))
                            .append('.');
                }
                if (!ignored.isEmpty()) {
                    note.append(" Left out: ")
                            .append(String.join("; ", ignored))
                            .append('.');
                }
                notes.put(e.getKey(), note.toString());
            }
            return notes;
        }
    }

    private LooseSources() {}

    /**
     * Builds lab folders under {@code into} from the {@code .java} files anywhere in {@code upload}, filling the gaps
     * from the kit's skeletons; empty if no file belongs to a lab.
     */
    public static Optional<Placement> arrange(Path upload, Path kitRoot, Path into) {
        try {
            Map<String, List<String>> uploaded = new TreeMap<>();
            List<String> ignored = new ArrayList<>();
            for (Path file : javaFiles(upload)) {
                String shown = upload.relativize(file).toString();
                if (Files.size(file) > MAX_FILE_BYTES) {
                    ignored.add(shown + " (larger than 1 MB)");
                    continue;
                }
                String source;
                try {
                    source = StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                            .toString();
                } catch (CharacterCodingException notUtf8) {
                    ignored.add(shown + " (not UTF-8 text)");
                    continue;
                }
                Matcher m = PACKAGE.matcher(source);
                String pkg = m.find() ? m.group(1) : "";
                String lab = Lab.ofPackage(pkg).map(Lab::folder).orElse(null);
                if (lab == null) {
                    if (!pkg.equals(
                            "socketlab")) { // Todo, Args, TimeLimit: the kit generates them, the skeleton's copy is
                        // used
                        ignored.add(shown
                                + (pkg.isEmpty() ? " (no package line)" : " (package " + pkg + " is not a lab's)"));
                    }
                    continue;
                }
                Path target = into.resolve(lab)
                        .resolve("src/main/java")
                        .resolve(pkg.replace('.', '/'))
                        .resolve(file.getFileName().toString());
                if (Files.exists(target)) {
                    ignored.add(shown + " (a second " + file.getFileName() + " for " + lab
                            + "; the first one found was used)");
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, source, StandardCharsets.UTF_8);
                uploaded.computeIfAbsent(lab, k -> new ArrayList<>())
                        .add(file.getFileName().toString());
            }
            if (uploaded.isEmpty()) {
                return Optional.empty();
            }
            Map<String, List<String>> fromSkeleton = new TreeMap<>();
            for (String lab : uploaded.keySet()) {
                fromSkeleton.put(
                        lab, fillFromSkeleton(lab, kitRoot, into.resolve(lab).resolve("src/main/java")));
            }
            return Optional.of(new Placement(into, uploaded, fromSkeleton, ignored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot arrange the uploaded files of " + upload + ": " + e.getMessage(), e);
        }
    }

    /** The upload's .java files, shallowest first (so a duplicate deeper down is the one left out). */
    private static List<Path> javaFiles(Path upload) throws IOException {
        try (Stream<Path> walk = Files.walk(upload, MAX_DEPTH)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    // macOS zips carry resource forks (__MACOSX/…, ._Name.java) next to the real files
                    .filter(p -> !p.getFileName().toString().startsWith("._")
                            && !upload.relativize(p).toString().contains("__MACOSX"))
                    .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString))
                    .toList();
        }
    }

    /** Copies the skeleton's files of {@code lab} that {@code sources} lacks; returns their names. */
    private static List<String> fillFromSkeleton(String lab, Path kitRoot, Path sources) throws IOException {
        String pkg = Lab.named(lab).orElseThrow().packageName();
        Path skeleton = Grading.skeletonOf(kitRoot, lab).resolve("src/main/java");
        List<String> copied = new ArrayList<>();
        for (String folder : List.of(pkg.replace('.', '/'), "socketlab")) {
            Path from = skeleton.resolve(folder);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    Path target =
                            sources.resolve(folder).resolve(file.getFileName().toString());
                    if (!Files.exists(target)) {
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                        if (!folder.equals("socketlab")) {
                            copied.add(file.getFileName().toString());
                        }
                    }
                }
            }
        }
        return copied;
    }
}
