package io.strata.engine.tablet;

import io.strata.engine.schema.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Text form of literal values of a column type, as Doris writes them in delete predicates and as
 * the CLI accepts them: integers and decimals in plain notation, dates {@code yyyy-MM-dd},
 * datetimes {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, booleans {@code true/false/1/0}, strings as is.
 */
public final class LiteralText {
    private static final DateTimeFormatter DATETIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
                    .optionalEnd()
                    .toFormatter();

    private LiteralText() {}

    /** The external Java object (see {@link DataType}) of {@code text}; error names the type. */
    public static Object parse(DataType t, String text) {
        String s = text;
        try {
            switch (t.fieldType()) {
                case BOOLEAN:
                    if (s.equalsIgnoreCase("true") || s.equals("1")) {
                        return Boolean.TRUE;
                    }
                    if (s.equalsIgnoreCase("false") || s.equals("0")) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("not a BOOLEAN");
                case TINYINT:
                    return Byte.parseByte(s.trim());
                case SMALLINT:
                    return Short.parseShort(s.trim());
                case INT:
                    return Integer.parseInt(s.trim());
                case BIGINT:
                    return Long.parseLong(s.trim());
                case LARGEINT:
                    return new BigInteger(s.trim());
                case FLOAT:
                    return Float.parseFloat(s.trim());
                case DOUBLE:
                    return Double.parseDouble(s.trim());
                case DATEV2:
                    {
                        String d = s.trim();
                        if (d.length() > 10) {
                            return LocalDateTime.parse(d, DATETIME).toLocalDate();
                        }
                        return LocalDate.parse(d);
                    }
                case DATETIMEV2:
                    {
                        String d = s.trim();
                        if (d.length() == 10) {
                            return LocalDate.parse(d).atStartOfDay();
                        }
                        return LocalDateTime.parse(d, DATETIME);
                    }
                case DECIMAL32:
                case DECIMAL64:
                case DECIMAL128I:
                    return new BigDecimal(s.trim());
                default:
                    return s;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + t);
        }
    }

    /** The text of an external object of type {@code t}. */
    public static String format(DataType t, Object v) {
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof LocalDateTime dt) {
            String base =
                    String.format(
                            "%04d-%02d-%02d %02d:%02d:%02d",
                            dt.getYear(),
                            dt.getMonthValue(),
                            dt.getDayOfMonth(),
                            dt.getHour(),
                            dt.getMinute(),
                            dt.getSecond());
            int micros = dt.getNano() / 1000;
            int scale = t.scale();
            if (scale > 0) {
                String f = String.format("%06d", micros).substring(0, scale);
                return base + "." + f;
            }
            return micros == 0 ? base : base + "." + String.format("%06d", micros);
        }
        return String.valueOf(v);
    }
}
