package socketlab.grader.run;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a lab folder's sources with the grader's own settings (Java 17, no dependencies), so a
 * student's build file has no say in how their code is built.
 */
public final class LabCompiler {

    /** The outcome: the classes folder, or the compiler's messages. */
    public record Compilation(boolean succeeded, Path classes, String messages) {}

    private LabCompiler() {}

    public static Compilation compile(Path labFolder, Path classesOut) {
        Path sources = labFolder.resolve("src/main/java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM: run the grader with a JDK, not a JRE");
        }
        try {
            Files.createDirectories(classesOut);
            List<Path> files;
            try (Stream<Path> walk = Files.isDirectory(sources) ? Files.walk(sources) : Stream.empty()) {
                files = walk.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList();
            }
            if (files.isEmpty()) {
                return new Compilation(false, classesOut, "no Java sources in " + sources);
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StringWriter extra = new StringWriter();
            boolean ok;
            try (StandardJavaFileManager fileManager =
                    javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of(
                        "--release",
                        "17",
                        "-encoding",
                        "UTF-8",
                        "-g",
                        "-nowarn",
                        "-implicit:none",
                        "-proc:none",
                        "-d",
                        classesOut.toString(),
                        "-sourcepath",
                        sources.toString());
                ok = javac.getTask(
                                extra,
                                fileManager,
                                diagnostics,
                                options,
                                null,
                                fileManager.getJavaFileObjectsFromPaths(files))
                        .call();
            }
            copyResources(labFolder.resolve("src/main/resources"), classesOut);
            return new Compilation(ok, classesOut, ok ? "" : format(diagnostics, labFolder) + extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(DiagnosticCollector<JavaFileObject> diagnostics, Path labFolder) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null
                    ? ""
                    : labFolder.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
            out.append(file).append("error: ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return out.toString();
    }

    private static void copyResources(Path resources, Path classesOut) throws IOException {
        if (!Files.isDirectory(resources)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(resources)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = classesOut.resolve(resources.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
