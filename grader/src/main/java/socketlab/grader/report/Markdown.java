package socketlab.grader.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text made safe for a Markdown renderer (CommonMark, as Gradescope's "md" output uses). */
final class Markdown {

    /** The characters that could start emphasis, code, a link, HTML, a heading, a table cell or a strike-through. */
    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>#|~]");

    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private Markdown() {}

    /** {@code text} shown as itself: each special character backslash-escaped, line breaks kept as hard breaks. */
    static String text(String text) {
        return SPECIAL.matcher(text.strip())
                .replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()))
                .replace("\n", "  \n");
    }

    /**
     * {@code text} verbatim in a fenced code block whose fence is longer than any run of backticks inside it
     * (CommonMark's rule), so nothing in the text can end the block early.
     */
    static String codeBlock(String text) {
        int longest = 2;
        Matcher runs = BACKTICKS.matcher(text);
        while (runs.find()) {
            longest = Math.max(longest, runs.group().length());
        }
        String fence = "`".repeat(longest + 1);
        return fence + "\n" + text.strip() + "\n" + fence;
    }
}
