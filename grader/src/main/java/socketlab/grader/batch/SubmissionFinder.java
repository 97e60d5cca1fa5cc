package socketlab.grader.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import socketlab.grader.core.Lab;

/**
 * Finds the submissions in a class folder: each sub-folder or {@code .zip} is one student. The labs
 * may sit at the top of it (a copy of the kit, or just its lab-* folders) or a few folders down (a
 * zip of a kit folder). Zips are unpacked with limits, never outside their own folder.
 */
public final class SubmissionFinder {

    static final long MAX_UNZIPPED_BYTES = 200L * 1024 * 1024;
    static final int MAX_ZIP_ENTRIES = 20_000;
    private static final int MAX_DEPTH = 4;

    private SubmissionFinder() {}

    /**
     * The order of a class's submissions, in every gradebook: by the name of the folder or zip each came from (a
     * merge of shards sorts by it too, so that it writes the rows of one run in the same order).
     */
    public static final Comparator<String> ORDER = Comparator.naturalOrder();

    /**
     * The submissions in {@code classFolder}, in {@link #ORDER}; zips are unpacked under {@code unpackInto}, and loose
     * .java files are placed in lab folders there too, filled from {@code kitRoot}'s skeletons.
     */
    public static List<Submission> find(Path classFolder, Path unpackInto, Path kitRoot) {
        return find(classFolder, unpackInto, kitRoot, Shard.ALL);
    }

    /** The submissions of {@code shard} only (the others are not even unpacked). */
    public static List<Submission> find(Path classFolder, Path unpackInto, Path kitRoot, Shard shard) {
        List<Submission> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(classFolder)) {
            for (Path entry : entries.sorted(
                            Comparator.comparing(path -> path.getFileName().toString(), ORDER))
                    .toList()) {
                String file = entry.getFileName().toString();
                if (file.startsWith(".") || !shard.contains(nameOf(entry))) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    found.add(locate(file, entry, entry, unpackInto.resolve(file + ".placed"), kitRoot));
                } else if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                    String name = nameOf(entry);
                    Path target = unpackInto.resolve(name);
                    try {
                        unzip(entry, target);
                        found.add(locate(name, entry, target, unpackInto.resolve(name + ".placed"), kitRoot));
                    } catch (IOException | IllegalArgumentException e) {
                        found.add(new Submission(name, entry, null, "cannot unpack " + file + ": " + e.getMessage()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classFolder + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** A submission's name: its folder's name, or its zip's without ".zip". */
    static String nameOf(Path entry) {
        String file = entry.getFileName().toString();
        return !Files.isDirectory(entry)
                        && file.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")
                ? file.substring(0, file.length() - 4)
                : file;
    }

    private static Submission locate(String name, Path source, Path folder, Path placeInto, Path kitRoot) {
        Optional<Path> root = labsRootIn(folder);
        if (root.isPresent()) {
            return new Submission(name, source, root.get(), null);
        }
        return LooseSources.arrange(folder, kitRoot, placeInto)
                .map(placement -> new Submission(name, source, placement.root(), null, placement.notes()))
                .orElseGet(() -> new Submission(
                        name,
                        source,
                        null,
                        "no lab-udp, lab-tcp or lab-threaded folder in it, and no .java "
                                + "file of the labs' packages"));
    }

    /** The shallowest folder holding a lab-* folder with sources. */
    public static Optional<Path> labsRootIn(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, MAX_DEPTH)) {
            return walk.filter(Files::isDirectory)
                    .filter(dir -> Lab.folders().stream()
                            .anyMatch(lab -> Files.isDirectory(dir.resolve(lab).resolve("src"))))
                    .min(Comparator.comparingInt(Path::getNameCount));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Unpacks {@code zip} into {@code target}, refusing entries that escape it and archives that are too large. */
    public static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        int count = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++count > MAX_ZIP_ENTRIES) {
                    throw new IllegalArgumentException("more than " + MAX_ZIP_ENTRIES + " files");
                }
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IllegalArgumentException(
                            "entry " + entry.getName() + " points outside the archive's folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (OutputStream file = Files.newOutputStream(out)) {
                    total += copy(in, file, buffer, MAX_UNZIPPED_BYTES - total);
                }
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, byte[] buffer, long allowed) throws IOException {
        long copied = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            copied += n;
            if (copied > allowed) {
                throw new IllegalArgumentException(
                        "unpacks to more than " + MAX_UNZIPPED_BYTES / (1024 * 1024) + " MB");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }
}
