package socketlab.grader.skeleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes a lab's student skeleton from its solution, so the two can never drift apart.
 *
 * <p>In a solution, each gap is written as
 * <pre>
 *     // Step 2: wait for the next datagram (the textbook's recvfrom).
 *     // (more comment lines, kept in the skeleton)
 *     DatagramPacket request = new DatagramPacket(buffer, buffer.length);   // removed
 *     serverSocket.receive(request);                                        // removed
 *     // Skeleton: DatagramPacket request = todo(2);                        // what the skeleton keeps
 * </pre>
 * or, where the skeleton needs no value, closed by {@code // End of step 2.} (the skeleton keeps
 * {@code todo(2);}). Steps are numbered 1, 2, 3... in each file. {@code todo(n)} throws "TODO n not
 * implemented", so an unfilled gap fails at once instead of hanging.
 *
 * <p>The kit also writes its <em>support classes</em> ({@link #SUPPORT_CLASSES}: the argument helper
 * {@code socketlab.Args}, the connection time limit {@code socketlab.TimeLimit}) into every lab whose
 * solution imports them, solution and skeleton alike, from one source in this package's resources
 * ({@link #supportFiles(Path)}; the {@code skeletons} command writes them).
 */
public final class SkeletonGenerator {

    public static final String TODO_CLASS = "socketlab/Todo.java";

    /** The classes of package {@code socketlab} the kit generates into the labs that import them. */
    public static final List<String> SUPPORT_CLASSES = List.of("Args", "TimeLimit");

    private static final Pattern STEP = Pattern.compile("^(\\s*)// Step (\\d+): (.*)$");
    private static final Pattern SKELETON = Pattern.compile("^\\s*// Skeleton: (.*)$");
    private static final Pattern END = Pattern.compile("^\\s*// End of step (\\d+)\\.\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*//.*$");
    private static final String TODO_IMPORT = "import static socketlab.Todo.todo;";

    private SkeletonGenerator() {}

    /** The skeleton's files (path relative to the lab folder, e.g. {@code src/main/java/...}) and contents. */
    public static Map<String, String> generate(Path solutionLab) {
        Map<String, String> files = new TreeMap<>();
        Path src = solutionLab.resolve("src");
        if (!Files.isDirectory(src)) {
            return files;
        }
        boolean anyGap = false;
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = solutionLab.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith(".java")) {
                    String source = readSource(file);
                    String skeleton = skeletonOf(source, relative);
                    anyGap |= !skeleton.equals(source);
                    files.put(relative, skeleton);
                } else {
                    files.put(relative, readSource(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (anyGap) {
            files.put("src/main/java/" + TODO_CLASS, TODO_SOURCE);
        }
        return files;
    }

    /**
     * The support files (path relative to the lab folder, contents) that {@code solutionLab} needs: one
     * for each of {@link #SUPPORT_CLASSES} that a source of the lab imports.
     */
    public static Map<String, String> supportFiles(Path solutionLab) {
        Map<String, String> files = new TreeMap<>();
        Path sources = solutionLab.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(sources)) {
            List<String> code = new ArrayList<>();
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!file.getParent().equals(sources.resolve("socketlab"))) { // the support classes themselves
                    code.add(readSource(file));
                }
            }
            for (String name : SUPPORT_CLASSES) {
                if (code.stream().anyMatch(source -> source.contains("import socketlab." + name + ";"))) {
                    files.put("src/main/java/socketlab/" + name + ".java", supportSource(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String supportSource(String name) {
        try (InputStream in = SkeletonGenerator.class.getResourceAsStream("support/" + name + ".java")) {
            if (in == null) {
                throw new IllegalStateException("the grader has no support/" + name + ".java (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A source file's text with LF line ends, as the generator reads and writes every file: a checkout that turned
     * them into CRLF (Windows, an editor) generates the same skeletons, and compares equal to them.
     */
    public static String readSource(Path file) throws IOException {
        return lf(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }

    /** Turns one solution source file into its skeleton; {@code name} is used in error messages. */
    public static String skeletonOf(String source, String name) {
        List<String> out = new ArrayList<>();
        String[] lines = lf(source).split("\n", -1);
        int expectedStep = 1;
        boolean anyGap = false;
        for (int i = 0; i < lines.length; i++) {
            Matcher step = STEP.matcher(lines[i]);
            if (!step.matches()) {
                if (SKELETON.matcher(lines[i]).matches()
                        || END.matcher(lines[i]).matches()) {
                    throw new IllegalArgumentException(
                            name + ":" + (i + 1) + ": a step's end marker with no '// Step n:' before it");
                }
                out.add(lines[i]);
                continue;
            }
            String indent = step.group(1);
            int n = Integer.parseInt(step.group(2));
            if (n != expectedStep) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": found Step " + n + " where Step "
                        + expectedStep + " was expected (steps are numbered 1, 2, 3... in each file)");
            }
            expectedStep++;
            anyGap = true;
            out.add(indent + "// TODO " + n + ": " + step.group(3));
            int j = i + 1;
            while (j < lines.length && COMMENT.matcher(lines[j]).matches() && !isMarker(lines[j])) {
                out.add(lines[j++]);
            }
            List<String> replacement = new ArrayList<>();
            while (j < lines.length && !isMarker(lines[j])) {
                j++; // the solution's code for this step: left out of the skeleton
            }
            if (j == lines.length || STEP.matcher(lines[j]).matches()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": Step " + n
                        + " has no end: close it with '// Skeleton: <code>' or '// End of step " + n + ".'");
            }
            Matcher end = END.matcher(lines[j]);
            if (end.matches()) {
                if (Integer.parseInt(end.group(1)) != n) {
                    throw new IllegalArgumentException(
                            name + ":" + (j + 1) + ": 'End of step " + end.group(1) + "' closes Step " + n);
                }
                replacement.add(indent + "todo(" + n + ");");
            } else {
                Matcher skeleton;
                while (j < lines.length && (skeleton = SKELETON.matcher(lines[j])).matches()) {
                    replacement.add(indent + skeleton.group(1));
                    j++;
                }
                j--;
                if (replacement.stream().noneMatch(line -> line.contains("todo(" + n + ")"))) {
                    throw new IllegalArgumentException(
                            name + ":" + (j + 1) + ": the skeleton code for Step " + n + " must call todo(" + n + ")");
                }
            }
            out.addAll(replacement);
            i = j;
        }
        String result = String.join("\n", out);
        return anyGap ? withTodoImport(result, name) : result;
    }

    private static boolean isMarker(String line) {
        return STEP.matcher(line).matches()
                || SKELETON.matcher(line).matches()
                || END.matcher(line).matches();
    }

    private static String withTodoImport(String source, String name) {
        Matcher firstImport = Pattern.compile("(?m)^import ").matcher(source);
        if (firstImport.find()) {
            return source.substring(0, firstImport.start()) + TODO_IMPORT + "\n\n"
                    + source.substring(firstImport.start());
        }
        Matcher pkg = Pattern.compile("(?m)^package [^;]+;\\n").matcher(source);
        if (!pkg.find()) {
            throw new IllegalArgumentException(name + ": a file with steps needs a package declaration");
        }
        return source.substring(0, pkg.end()) + "\n" + TODO_IMPORT + "\n" + source.substring(pkg.end());
    }

    /** The helper every skeleton with gaps calls. */
    static final String TODO_SOURCE = """
            package socketlab;

            /**
             * Marks a gap for you to fill in. Each {@code todo(n)} in the labs stands where your code for
             * "TODO n" goes: replace the call with your code. Until you do, the program stops right there
             * with "TODO n not implemented", so the grader can tell you which step is missing.
             */
            public final class Todo {

                private Todo() {
                }

                /** Stops the program: step {@code n} has not been written yet. */
                public static <T> T todo(int n) {
                    StackTraceElement caller = StackWalker.getInstance()
                            .walk(frames -> frames.skip(1).findFirst())
                            .map(StackWalker.StackFrame::toStackTraceElement)
                            .orElse(null);
                    String where = caller == null ? "" : " (" + caller.getFileName() + ":" + caller.getLineNumber() + ")";
                    if (Thread.getDefaultUncaughtExceptionHandler() == null) {
                        // Run by hand, the program then ends with one line instead of a stack trace.
                        Thread.setDefaultUncaughtExceptionHandler(Todo::report);
                    }
                    throw new UnsupportedOperationException("TODO " + n + " not implemented" + where);
                }

                private static void report(Thread thread, Throwable e) {
                    if (e instanceof UnsupportedOperationException && String.valueOf(e.getMessage()).startsWith("TODO ")) {
                        System.err.println(e.getMessage() + ": write this step, then run the program again.");
                    } else {
                        System.err.print("Exception in thread " + thread.getName() + ": ");
                        e.printStackTrace();
                    }
                }
            }
            """;
}
