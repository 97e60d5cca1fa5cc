package socketlab.grader.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's prose, kept as a Markdown page among the grader's resources (next to this class) rather than in
 * Java strings, with {@code {{name}}} where a figure or a table goes. Every placeholder must be given and every
 * value must be used, so a page and its code cannot drift apart unnoticed.
 */
final class ReportTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");

    private final String name;
    private final String text;

    private ReportTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** The page {@code name} (e.g. {@code transfer-summary.md}) from this package's resources. */
    static ReportTemplate load(String name) {
        try (InputStream in = ReportTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the grader has no report template " + name + " (a broken build)");
            }
            return new ReportTemplate(
                    name, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report template " + name, e);
        }
    }

    /** The page with each placeholder replaced by its value's text. */
    String fill(Map<String, ?> values) {
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder page = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException(name + " needs a value for {{" + key + "}}");
            }
            unused.remove(key);
            matcher.appendReplacement(page, Matcher.quoteReplacement(String.valueOf(values.get(key))));
        }
        matcher.appendTail(page);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(name + " has no place for " + unused);
        }
        return page.toString();
    }
}
