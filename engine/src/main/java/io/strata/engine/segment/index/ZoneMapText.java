package io.strata.engine.segment.index;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Text forms of zone-map bounds as Doris writes them ({@code to_string} per type): C++ fmt {@code
 * {:.Ng}} for floating point, zero-padded date and datetime fields. Pure functions, thread-safe.
 */
public final class ZoneMapText {
    private ZoneMapText() {}

    /**
     * C++ fmt / printf {@code %.{p}g} of a finite double: the exact binary value rounded to p
     * significant digits (half-even); scientific notation when the decimal exponent is &lt; −4 or ≥
     * p, with a sign and at least two exponent digits; trailing zeros removed.
     */
    public static String formatG(double x, int p) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(x).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= p) {
            String digits = bd.unscaledValue().abs().toString();
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            StringBuilder sb = new StringBuilder(24);
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (end > 1) {
                sb.append('.').append(digits, 1, end);
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** {@code {:.7g}} of a float (Doris FLOAT zone-map text). */
    public static String formatFloat(float f) {
        return formatG(f, 7);
    }

    /** {@code {:.16g}} of a double (Doris DOUBLE zone-map text). */
    public static String formatDouble(double d) {
        return formatG(d, 16);
    }

    /** {@code YYYY-MM-DD} of a DATEV2 bitfield (fields printed as stored, not validated). */
    public static String formatDateV2(int v) {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, v >>> 9, (v >>> 5) & 0xF, v & 0x1F);
        return sb.toString();
    }

    /** {@code YYYY-MM-DD hh:mm:ss.ffffff} of a DATETIMEV2 bitfield (always six fraction digits). */
    public static String formatDateTimeV2(long v) {
        StringBuilder sb = new StringBuilder(26);
        appendDate(sb, (int) (v >>> 46), (int) ((v >>> 42) & 0xF), (int) ((v >>> 37) & 0x1F));
        sb.append(' ');
        pad(sb, (int) ((v >>> 32) & 0x1F), 2);
        sb.append(':');
        pad(sb, (int) ((v >>> 26) & 0x3F), 2);
        sb.append(':');
        pad(sb, (int) ((v >>> 20) & 0x3F), 2);
        sb.append('.');
        pad(sb, (int) (v & 0xFFFFF), 6);
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, int y, int m, int d) {
        pad(sb, y, 4);
        sb.append('-');
        pad(sb, m, 2);
        sb.append('-');
        pad(sb, d, 2);
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
