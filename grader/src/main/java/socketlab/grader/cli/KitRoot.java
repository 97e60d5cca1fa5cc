package socketlab.grader.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the kit is checked out (the folder with the parent pom, the lab-* skeletons and solutions), and its settings.
 */
public final class KitRoot {

    private KitRoot() {}

    public static Path find() {
        String configured = System.getProperty("socketlab.kit.root");
        Path start = configured != null ? Path.of(configured) : Path.of("");
        Path dir = start.toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("grader")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }

    /** The kit's own settings (backend choice, Toxiproxy URL...) as given to this JVM, for the JVMs it starts. */
    public static Map<String, String> forwardedProperties() {
        Map<String, String> forwarded = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("socketlab.")
                        && !name.equals("socketlab.kit.root")
                        && !name.equals("socketlab.seed")
                        && !name.equals("socketlab.grader.classpath"))
                .forEach(name -> forwarded.put(name, System.getProperty(name)));
        return forwarded;
    }
}
