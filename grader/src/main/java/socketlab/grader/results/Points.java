package socketlab.grader.results;

import java.util.Locale;

/** How every report, gradebook and progress line writes a number of points: 12, 12.5 (never 12,5). */
public final class Points {

    private Points() {}

    public static String format(double points) {
        return points == Math.rint(points) ? String.valueOf((long) points) : String.format(Locale.ROOT, "%.1f", points);
    }
}
