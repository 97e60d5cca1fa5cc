package socketlab.grader.core;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed assertion's message in plain words for a student: {@code the reply: expected "HELLO", got nothing} rather
 * than AssertJ's "Expecting Optional to contain: … but was empty". Forms it does not know pass through unchanged
 * (a suite's own {@code fail("…")} text, say), less the comparator and package noise.
 */
final class PlainWords {

    /** AssertJ's {@code as(...)} description, "[the reply] " at the start of the message. */
    private static final Pattern DESCRIPTION = Pattern.compile("(?s)^\\[(.*?)\\] ?\\n");

    private record Form(Pattern pattern, Function<Matcher, String> plain) {
        Form(String regex, Function<Matcher, String> plain) {
            this(Pattern.compile("(?s)^" + regex + "\\s*$"), plain);
        }
    }

    private static final String VALUE = "\\n {2}(.*?)";

    private static final List<Form> FORMS = List.of(
            new Form(
                    "Expecting Optional to contain:" + VALUE + "\\nbut was empty\\.",
                    m -> "expected " + m.group(1) + ", got nothing"),
            new Form(
                    "Expecting Optional to contain a value but it was empty\\.",
                    m -> "expected something, got nothing"),
            new Form(
                    "expected: (.*?)\\n but was: (.*)",
                    m -> "expected " + value(m.group(1)) + ", got " + value(m.group(2))),
            new Form("Expecting value to be true but was false", m -> "expected yes, got no"),
            new Form("Expecting value to be false but was true", m -> "expected no, got yes"),
            new Form(
                    "Expecting actual:" + VALUE + "\\nto be close to:" + VALUE
                            + "\\nby less than (\\S+) but difference was .*",
                    m -> "expected " + m.group(2) + " (give or take " + m.group(3) + "), got " + m.group(1)),
            new Form(
                    "Expecting actual:" + VALUE + "\\nto contain exactly \\(and in same order\\):" + VALUE
                            + "\\n(?:but|and) .*",
                    m -> "expected exactly " + m.group(2) + ", got " + value(m.group(1))),
            new Form(
                    "Expecting actual:" + VALUE + "\\nto be an instance of:" + VALUE + "\\nbut was instance of:"
                            + VALUE,
                    m -> "expected " + simpleName(m.group(2)) + ", got " + simpleName(m.group(3)) + ": " + m.group(1)),
            new Form(
                    "Expecting actual:" + VALUE + "\\n((?:not )?to [^:\\n]+):" + VALUE + "(?:\\n.*)?",
                    m -> "expected it " + m.group(2) + " " + m.group(3) + ", got " + value(m.group(1))),
            new Form("Expecting empty but was: (.*)", m -> "expected nothing, got " + m.group(1)),
            new Form("Expecting actual not to be empty", m -> "expected something, got nothing"),
            new Form("Expecting not blank but was: (.*)", m -> "expected some text, got " + m.group(1)),
            new Form("Expecting actual not to be null", m -> "expected something, got nothing"),
            new Form(
                    "Expected size: (\\d+) but was: (\\d+) in:\\n(.*)",
                    m -> "expected " + m.group(1) + " of them, got " + m.group(2) + ": " + m.group(3)),
            new Form(
                    "Expecting any elements? of:" + VALUE + "\\nto match given predicate but none did\\.",
                    m -> "expected one of " + m.group(1) + " to be right, none was"),
            new Form(
                    "Expecting all elements of:" + VALUE + "\\nto match given predicate but (.*)",
                    m -> "expected every one of " + m.group(1) + " to be right, but " + m.group(2)));

    private PlainWords() {}

    static String of(String message) {
        String text = message.replaceAll("\\r", "")
                .replaceAll("\\n?when comparing values using [^\\n]*", "")
                .replaceAll("\\n?\\(a difference of exactly [^\\n]* being considered valid\\)", "");
        String description = "";
        Matcher described = DESCRIPTION.matcher(text);
        if (described.find()) {
            description = described.group(1).strip();
            text = text.substring(described.end());
        }
        String body = text.strip();
        for (Form form : FORMS) {
            Matcher m = form.pattern().matcher(body);
            if (m.matches()) {
                body = form.plain().apply(m);
                break;
            }
        }
        // The description stays as the suite wrote it (tests of the suites look for its words).
        return (description.isEmpty() ? body : description + ": " + body).strip();
    }

    /** A value as the test saw it, in the words a student uses: yes/no, nothing for an empty Optional. */
    private static String value(String shown) {
        String v = shown.strip();
        return switch (v) {
            case "true" -> "yes";
            case "false" -> "no";
            case "Optional.empty" -> "nothing";
            case "null" -> "nothing";
            case "NaN" -> "NaN (not a number)";
            default ->
                v.startsWith("Optional[") && v.endsWith("]") ? v.substring("Optional[".length(), v.length() - 1) : v;
        };
    }

    private static String simpleName(String className) {
        return className.strip().replaceAll("^(?:[a-z]\\w*\\.)+", "");
    }
}
