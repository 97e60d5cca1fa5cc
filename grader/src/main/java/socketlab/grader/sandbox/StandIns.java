package socketlab.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import socketlab.grader.agent.Values;
import socketlab.grader.agent.Wire;
import socketlab.grader.core.Lab;

/**
 * The stand-ins of the labs' classes, compiled: the test JVM has them on its classpath where it used
 * to have the student's classes. Built from the labs' API (the kit's own compiled skeletons, never a
 * student's classes) and kept for as long as this JVM runs.
 */
public final class StandIns {

    private StandIns() {}

    /** True if {@code className} belongs to a lab's package. */
    public static boolean isLabClass(String className) {
        return Lab.packages().stream().anyMatch(pkg -> className.startsWith(pkg + "."));
    }

    static boolean isStandIn(Class<?> type) {
        return isLabClass(type.getName());
    }

    /**
     * Generates and compiles into {@code out} the stand-ins of every public lab class found in
     * {@code apiClasses} (folders of compiled skeletons). {@code graderClasspath} has the bridge.
     */
    public static Path build(List<Path> apiClasses, String graderClasspath, Path out) {
        try {
            Path sources = Files.createDirectories(out.resolve("src"));
            Path classes = Files.createDirectories(out.resolve("classes"));
            List<Path> files = new ArrayList<>();
            URL[] urls = apiClasses.stream().map(StandIns::url).toArray(URL[]::new);
            try (URLClassLoader api = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
                for (String className : publicTopLevelClasses(apiClasses)) {
                    Class<?> type = Class.forName(className, true, api);
                    if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                        continue;
                    }
                    Path file = sources.resolve(className.replace('.', '/') + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, StandInGenerator.source(type), StandardCharsets.UTF_8);
                    files.add(file);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot read the labs' API to build their stand-ins: " + e, e);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter messages = new StringWriter();
            try (var fileManager = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of(
                        "--release",
                        "17",
                        "-encoding",
                        "UTF-8",
                        "-nowarn",
                        "-g",
                        "-proc:none",
                        "-implicit:none",
                        "-classpath",
                        graderClasspath,
                        "-d",
                        classes.toString());
                boolean ok = javac.getTask(
                                messages,
                                fileManager,
                                null,
                                options,
                                null,
                                fileManager.getJavaFileObjectsFromPaths(files))
                        .call();
                if (!ok) {
                    throw new IllegalStateException(
                            "the labs' stand-ins do not compile (a bug in the grader):\n" + messages);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the labs' stand-ins in " + out, e);
        }
    }

    private static URL url(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(folder.toString(), e);
        }
    }

    private static List<String> publicTopLevelClasses(List<Path> folders) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path folder : folders) {
            for (String pkg : Lab.packages()) {
                Path dir = folder.resolve(pkg.replace('.', File.separatorChar));
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(dir)) {
                    list.map(p -> p.getFileName().toString())
                            .filter(f -> f.endsWith(".class") && !f.contains("$"))
                            .sorted()
                            .forEach(f -> {
                                String name = pkg + "." + f.substring(0, f.length() - ".class".length());
                                if (!names.contains(name)) {
                                    names.add(name);
                                }
                            });
                }
            }
        }
        return names;
    }

    /** A lab record made from the components that came from the student's JVM. */
    static Object record(String className, List<Object> components) throws IOException {
        if (!isLabClass(className)) {
            throw new Wire.ProtocolException("a record of a class that is no lab's: " + className);
        }
        try {
            return Values.newRecord(Class.forName(className, false, StandIns.class.getClassLoader()), components);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Wire.ProtocolException("cannot make a " + className + " of what the program sent: " + e);
        }
    }
}
