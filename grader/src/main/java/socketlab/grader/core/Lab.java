package socketlab.grader.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kit's labs: the one place that says which there are, their folders and their packages. */
public enum Lab {
    UDP("lab-udp", "socketlab.udp"),
    TCP("lab-tcp", "socketlab.tcp"),
    THREADED("lab-threaded", "socketlab.threaded");

    private final String folder;
    private final String packageName;

    Lab(String folder, String packageName) {
        this.folder = folder;
        this.packageName = packageName;
    }

    /** The lab's folder in the kit and in a submission, e.g. {@code lab-udp}; also how reports and commands name it. */
    public String folder() {
        return folder;
    }

    /** The Java package of the lab's classes, e.g. {@code socketlab.udp}. */
    public String packageName() {
        return packageName;
    }

    /** Every lab's folder, in the order the kit teaches them. */
    public static List<String> folders() {
        return Arrays.stream(values()).map(Lab::folder).toList();
    }

    /** Every lab's package. */
    public static List<String> packages() {
        return Arrays.stream(values()).map(Lab::packageName).toList();
    }

    /** The lab whose package is {@code packageName}. */
    public static Optional<Lab> ofPackage(String packageName) {
        return Arrays.stream(values())
                .filter(lab -> lab.packageName.equals(packageName))
                .findFirst();
    }

    /** The lab a person named: {@code lab-udp}, {@code udp} or {@code UDP}. */
    public static Optional<Lab> named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        String folder = wanted.startsWith("lab-") ? wanted : "lab-" + wanted;
        return Arrays.stream(values()).filter(lab -> lab.folder.equals(folder)).findFirst();
    }

    /** What to say when a name is none of the labs'. */
    public static String unknown(String name) {
        return "unknown lab '" + name + "': choose from " + String.join(", ", folders());
    }
}
