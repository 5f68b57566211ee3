package io.strata.engine.util;

import java.util.Locale;

/**
 * Parses the durations that table properties and the command line take: a non-negative whole number
 * followed by a unit ({@code ms}, {@code s}, {@code m} or {@code min}, {@code h}, {@code d}; white
 * space between number and unit allowed), e.g. {@code 90s}, {@code 30 min}, {@code 1h}, {@code 2d}.
 * A bare number takes the caller's default unit. Anything else is an {@link
 * IllegalArgumentException} that quotes the text.
 */
public final class Durations {
    private Durations() {}

    /**
     * Milliseconds of {@code text}.
     *
     * @param defaultUnitMillis the unit of a bare number, e.g. 1000 for seconds
     */
    public static long parseMillis(String text, long defaultUnitMillis) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        String v = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        String unit = v.substring(i).trim();
        long unitMillis =
                switch (unit) {
                    case "" -> defaultUnitMillis;
                    case "ms" -> 1L;
                    case "s" -> 1_000L;
                    case "m", "min" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    default -> -1L;
                };
        if (i == 0 || i > 18 || unitMillis < 0) {
            throw new IllegalArgumentException(
                    "not a duration (like 500ms, 90s, 30min, 1h or 2d): '" + text + "'");
        }
        long n = Long.parseLong(v.substring(0, i));
        try {
            return Math.multiplyExact(n, unitMillis);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too large: '" + text + "'");
        }
    }

    /** {@code millis} in the largest unit that holds it exactly, e.g. "90 s", "2 h", "1500 ms". */
    public static String format(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative duration: " + millis);
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "min", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + " " + names[i];
            }
        }
        return millis + " ms";
    }
}
