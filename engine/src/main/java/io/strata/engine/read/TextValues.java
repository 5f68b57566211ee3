package io.strata.engine.read;

import io.strata.engine.schema.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses text (CSV fields, predicate literals given as strings) into the external Java object of a
 * column type (see {@link DataType}). Strict: anything that is not a well-formed value of the type
 * is an {@link IllegalArgumentException} naming the value and the type; range checks happen when
 * the object is appended to a vector.
 */
public final class TextValues {
    private TextValues() {}

    private static final DateTimeFormatter DATETIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd")
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .appendPattern("HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT);

    /** The external object for {@code text} (never null: callers decide what NULL looks like). */
    public static Object parse(DataType type, String text) {
        String s = text;
        try {
            switch (type.fieldType()) {
                case BOOLEAN:
                    {
                        String t = s.trim().toLowerCase(Locale.ROOT);
                        if (t.equals("true") || t.equals("1")) {
                            return Boolean.TRUE;
                        }
                        if (t.equals("false") || t.equals("0")) {
                            return Boolean.FALSE;
                        }
                        throw bad(type, text, null);
                    }
                case TINYINT:
                case SMALLINT:
                case INT:
                case BIGINT:
                    return Long.parseLong(s.trim());
                case LARGEINT:
                    return new BigInteger(s.trim());
                case FLOAT:
                    return parseFloatText(s.trim(), type, text).floatValue();
                case DOUBLE:
                    return parseFloatText(s.trim(), type, text);
                case DECIMAL32:
                case DECIMAL64:
                case DECIMAL128I:
                    return new BigDecimal(s.trim());
                case DATEV2:
                    {
                        String t = s.trim();
                        if (t.length() > 10) {
                            return LocalDateTime.parse(t, DATETIME).toLocalDate();
                        }
                        return LocalDate.parse(t);
                    }
                case DATETIMEV2:
                    {
                        String t = s.trim();
                        if (t.length() == 10) {
                            return LocalDate.parse(t).atStartOfDay();
                        }
                        return LocalDateTime.parse(t, DATETIME);
                    }
                case CHAR:
                case VARCHAR:
                case STRING:
                    return s;
                default:
                    throw bad(type, text, null);
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw bad(type, text, e);
        }
    }

    private static Double parseFloatText(String t, DataType type, String text) {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                // Double.parseDouble accepts hex floats and a trailing 'd'/'f'; be strict.
                if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw bad(type, text, null);
                }
                return Double.parseDouble(t);
        }
    }

    private static IllegalArgumentException bad(DataType type, String text, Exception cause) {
        String shown = text.length() > 64 ? text.substring(0, 61) + "..." : text;
        return new IllegalArgumentException("value '" + shown + "' is not a valid " + type, cause);
    }
}
