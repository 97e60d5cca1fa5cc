package socketlab.grader.skeleton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socketlab.grader.KitPaths;
import socketlab.grader.run.LabCompiler;

/** Skeletons and solutions can never drift apart: the build fails if they do. */
@EnabledIf(value = "socketlab.grader.KitPaths#hasSolutions", disabledReason = "the student edition has no solutions")
class SkeletonsMatchSolutionsTest {

    private static final String REGENERATE =
            "regenerate them with: ./mvnw -q -pl grader -am compile exec:exec -Dkit=skeletons";

    @ParameterizedTest
    @ValueSource(strings = {"lab-udp", "lab-tcp", "lab-threaded"})
    void skeletonIsWhatItsSolutionGenerates(String lab) throws IOException {
        Path kit = KitPaths.root();
        Map<String, String> generated =
                SkeletonGenerator.generate(kit.resolve("solutions").resolve(lab));
        Map<String, String> committed = new TreeMap<>();
        Path labDir = kit.resolve(lab);
        Path src = labDir.resolve("src");
        if (Files.isDirectory(src)) {
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    committed.put(
                            labDir.relativize(file).toString().replace('\\', '/'), SkeletonGenerator.readSource(file));
                }
            }
        }
        assertThat(committed.keySet())
                .as(lab + "'s files (" + REGENERATE + ")")
                .containsExactlyInAnyOrderElementsOf(generated.keySet());
        generated.forEach((file, content) -> assertThat(committed.get(file))
                .as(lab + "/" + file + " is not what its solution generates; " + REGENERATE)
                .isEqualTo(content));
    }

    /** A Windows checkout (or an editor) may turn line ends into CRLF: the same skeletons come out, with LF. */
    @ParameterizedTest
    @ValueSource(strings = {"lab-udp", "lab-tcp", "lab-threaded"})
    void aCrlfCheckoutGeneratesTheSameSkeletons(String lab, @TempDir Path work) throws IOException {
        Path solution = KitPaths.root().resolve("solutions").resolve(lab);
        Path crlf = work.resolve(lab);
        try (Stream<Path> walk = Files.walk(solution.resolve("src"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path copy = crlf.resolve(solution.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(
                        copy,
                        Files.readString(file, StandardCharsets.UTF_8).replace("\n", "\r\n"),
                        StandardCharsets.UTF_8);
            }
        }
        assertThat(SkeletonGenerator.generate(crlf)).isEqualTo(SkeletonGenerator.generate(solution));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab-udp", "lab-tcp", "lab-threaded"})
    void solutionHasTheSupportClassesItImports(String lab) throws IOException {
        Path solution = KitPaths.root().resolve("solutions").resolve(lab);
        Map<String, String> committed = new TreeMap<>();
        Path support = solution.resolve("src/main/java/socketlab");
        if (Files.isDirectory(support)) {
            try (Stream<Path> files = Files.list(support)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    committed.put(
                            solution.relativize(file).toString().replace('\\', '/'),
                            SkeletonGenerator.readSource(file));
                }
            }
        }
        assertThat(committed)
                .as("solutions/" + lab + "'s support classes (socketlab.*), which the kit generates from"
                        + " grader/src/main/resources/socketlab/grader/skeleton/support; " + REGENERATE)
                .isEqualTo(SkeletonGenerator.supportFiles(solution));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab-udp", "lab-tcp", "lab-threaded"})
    void skeletonHasItsSolutionsPublicApi(String lab, @TempDir Path work) throws Exception {
        Path kit = KitPaths.root();
        Path solutionSources = kit.resolve("solutions").resolve(lab);
        if (!Files.isDirectory(solutionSources.resolve("src/main/java"))) {
            return; // a lab with no exercises yet has no API to compare
        }
        LabCompiler.Compilation solution = LabCompiler.compile(solutionSources, work.resolve("solution"));
        LabCompiler.Compilation skeleton = LabCompiler.compile(kit.resolve(lab), work.resolve("skeleton"));
        assertThat(solution.succeeded())
                .as("solutions/" + lab + " compiles: " + solution.messages())
                .isTrue();
        assertThat(skeleton.succeeded())
                .as(lab + " (the skeleton) compiles: " + skeleton.messages())
                .isTrue();
        assertThat(api(skeleton.classes(), true))
                .as("the public API of " + lab + " against solutions/" + lab)
                .isEqualTo(api(solution.classes(), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab-udp", "lab-tcp", "lab-threaded"})
    void todosAreNumberedOneToNInEachFile(String lab) throws IOException {
        Path sources = KitPaths.root().resolve(lab).resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return;
        }
        Pattern todoComment = Pattern.compile("// TODO (\\d+):");
        Pattern todoCall = Pattern.compile("\\btodo\\((\\d+)\\)");
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Todo.java"))
                    .toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                List<Integer> comments = numbers(todoComment.matcher(source));
                List<Integer> calls = numbers(todoCall.matcher(source));
                List<Integer> oneToN = new ArrayList<>();
                for (int i = 1; i <= comments.size(); i++) {
                    oneToN.add(i);
                }
                assertThat(comments).as("the TODO numbers in " + file).isEqualTo(oneToN);
                assertThat(new TreeSet<>(calls))
                        .as("the todo(n) calls in " + file + " match its TODO comments")
                        .containsExactlyElementsOf(oneToN);
            }
        }
    }

    private static List<Integer> numbers(Matcher m) {
        List<Integer> found = new ArrayList<>();
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    /** Every public or protected class, constructor, method and field, as sorted signature lines. */
    private static List<String> api(Path classes, boolean skeleton) throws Exception {
        List<String> lines = new ArrayList<>();
        try (URLClassLoader loader =
                        new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file)
                        .toString()
                        .replace('/', '.')
                        .replace('\\', '.')
                        .replaceAll("\\.class$", "");
                if (skeleton && name.equals("socketlab.Todo")) {
                    continue; // the skeletons' gap marker, absent from solutions by design
                }
                Class<?> type = Class.forName(name, false, loader);
                if (!Modifier.isPublic(type.getModifiers()) && !Modifier.isProtected(type.getModifiers())) {
                    continue;
                }
                String header = Modifier.toString(type.getModifiers()) + " " + type.getName();
                lines.add(header + " extends "
                        + (type.getSuperclass() == null
                                ? "-"
                                : type.getSuperclass().getName()) + " implements "
                        + Arrays.toString(Arrays.stream(type.getInterfaces())
                                .map(Class::getName)
                                .sorted()
                                .toArray()));
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (visible(c.getModifiers())) {
                        lines.add(header + " | " + Modifier.toString(c.getModifiers()) + " <init>"
                                + Arrays.toString(c.getGenericParameterTypes()) + " throws "
                                + Arrays.toString(c.getExceptionTypes()));
                    }
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (visible(m.getModifiers()) && !m.isSynthetic()) {
                        lines.add(header + " | " + Modifier.toString(m.getModifiers()) + " "
                                + m.getGenericReturnType().getTypeName() + " " + m.getName()
                                + Arrays.toString(m.getGenericParameterTypes()) + " throws "
                                + Arrays.toString(m.getExceptionTypes()));
                    }
                }
                for (Field f : type.getDeclaredFields()) {
                    if (visible(f.getModifiers()) && !f.isSynthetic()) {
                        lines.add(header + " | " + Modifier.toString(f.getModifiers()) + " "
                                + f.getGenericType().getTypeName() + " " + f.getName());
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
