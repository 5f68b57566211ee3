package io.strata.engine.block;

import io.strata.engine.schema.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Conversions between external Java objects and physical vector values (see {@link DataType}), with
 * the range checks Doris applies on load. Failures are {@link IllegalArgumentException}s that name
 * the value and the type; callers add the column name.
 */
public final class Values {
    private Values() {}

    // ---- DATEV2 / DATETIMEV2 bitfields -------------------------------------------------------

    public static int encodeDateV2(int year, int month, int day) {
        return (year << 9) | (month << 5) | day;
    }

    public static int encodeDateV2(LocalDate d) {
        return encodeDateV2(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    public static LocalDate decodeDateV2(int v) {
        return LocalDate.of(v >>> 9, (v >>> 5) & 0xF, v & 0x1F);
    }

    public static long encodeDateTimeV2(LocalDateTime t) {
        long micros = t.getNano() / 1000;
        return ((long) t.getYear() << 46)
                | ((long) t.getMonthValue() << 42)
                | ((long) t.getDayOfMonth() << 37)
                | ((long) t.getHour() << 32)
                | ((long) t.getMinute() << 26)
                | ((long) t.getSecond() << 20)
                | micros;
    }

    public static LocalDateTime decodeDateTimeV2(long v) {
        return LocalDateTime.of(
                (int) (v >>> 46),
                (int) ((v >>> 42) & 0xF),
                (int) ((v >>> 37) & 0x1F),
                (int) ((v >>> 32) & 0x1F),
                (int) ((v >>> 26) & 0x3F),
                (int) ((v >>> 20) & 0x3F),
                (int) (v & 0xFFFFF) * 1000);
    }

    /** Truncates a datetime to the type's scale (microsecond digits kept). */
    public static LocalDateTime truncate(LocalDateTime t, int scale) {
        int nanos = t.getNano();
        int unit = (int) Math.pow(10, 9 - scale);
        return t.withNano(nanos - nanos % unit);
    }

    // ---- decimals ------------------------------------------------------------------------------

    /**
     * Unscaled value of {@code v} at the type's scale; rounds half-up beyond the scale (as Doris's
     * cast does) and rejects values that exceed the precision.
     */
    public static BigInteger unscaled(DataType t, BigDecimal v) {
        BigDecimal s = v.setScale(t.scale(), RoundingMode.HALF_UP);
        if (s.precision() - s.scale() > t.precision() - t.scale()) {
            throw new IllegalArgumentException("value " + v.toPlainString() + " overflows " + t);
        }
        return s.unscaledValue();
    }

    public static BigDecimal decimal(DataType t, BigInteger unscaled) {
        return new BigDecimal(unscaled, t.scale());
    }

    // ---- generic object access ----------------------------------------------------------------

    static Object toObject(DataType t, ColumnVector v, int i) {
        switch (t.fieldType()) {
            case BOOLEAN:
                return ((ByteVector) v).get(i) != 0;
            case TINYINT:
                return ((ByteVector) v).get(i);
            case SMALLINT:
                return ((ShortVector) v).get(i);
            case INT:
                return ((IntVector) v).get(i);
            case BIGINT:
                return ((LongVector) v).get(i);
            case LARGEINT:
                return ((Int128Vector) v).getBigInteger(i);
            case FLOAT:
                return ((FloatVector) v).get(i);
            case DOUBLE:
                return ((DoubleVector) v).get(i);
            case DATEV2:
                return decodeDateV2(((IntVector) v).get(i));
            case DATETIMEV2:
                return decodeDateTimeV2(((LongVector) v).get(i));
            case DECIMAL32:
                return BigDecimal.valueOf(((IntVector) v).get(i), t.scale());
            case DECIMAL64:
                return BigDecimal.valueOf(((LongVector) v).get(i), t.scale());
            case DECIMAL128I:
                return new BigDecimal(((Int128Vector) v).getBigInteger(i), t.scale());
            case CHAR:
            case VARCHAR:
            case STRING:
                return ((BytesVector) v).getString(i);
            default:
                throw new IllegalArgumentException("unsupported type " + t);
        }
    }

    static void append(DataType t, ColumnVector v, Object o) {
        switch (t.fieldType()) {
            case BOOLEAN:
                ((ByteVector) v).append(toBoolean(o) ? (byte) 1 : (byte) 0);
                return;
            case TINYINT:
                ((ByteVector) v).append((byte) checkRange(t, o, Byte.MIN_VALUE, Byte.MAX_VALUE));
                return;
            case SMALLINT:
                ((ShortVector) v)
                        .append((short) checkRange(t, o, Short.MIN_VALUE, Short.MAX_VALUE));
                return;
            case INT:
                ((IntVector) v)
                        .append((int) checkRange(t, o, Integer.MIN_VALUE, Integer.MAX_VALUE));
                return;
            case BIGINT:
                ((LongVector) v).append(checkRange(t, o, Long.MIN_VALUE, Long.MAX_VALUE));
                return;
            case LARGEINT:
                {
                    BigInteger b =
                            o instanceof BigInteger
                                    ? (BigInteger) o
                                    : new BigDecimal(o.toString()).toBigIntegerExact();
                    if (!Int128Vector.fits(b)) {
                        throw new IllegalArgumentException("value " + b + " overflows LARGEINT");
                    }
                    ((Int128Vector) v).append(b);
                    return;
                }
            case FLOAT:
                ((FloatVector) v).append(((Number) o).floatValue());
                return;
            case DOUBLE:
                ((DoubleVector) v).append(((Number) o).doubleValue());
                return;
            case DATEV2:
                ((IntVector) v).append(encodeDateV2(toDate(o)));
                return;
            case DATETIMEV2:
                ((LongVector) v).append(encodeDateTimeV2(truncate(toDateTime(o), t.scale())));
                return;
            case DECIMAL32:
                ((IntVector) v).append(unscaled(t, toBigDecimal(o)).intValueExact());
                return;
            case DECIMAL64:
                ((LongVector) v).append(unscaled(t, toBigDecimal(o)).longValueExact());
                return;
            case DECIMAL128I:
                ((Int128Vector) v).append(unscaled(t, toBigDecimal(o)));
                return;
            case CHAR:
            case VARCHAR:
            case STRING:
                {
                    byte[] b =
                            o instanceof byte[]
                                    ? (byte[]) o
                                    : o.toString().getBytes(StandardCharsets.UTF_8);
                    if (b.length > t.length()) {
                        throw new IllegalArgumentException(
                                "value '"
                                        + abbreviate(o.toString())
                                        + "' is "
                                        + b.length
                                        + " bytes, longer than "
                                        + t);
                    }
                    ((BytesVector) v).append(b);
                    return;
                }
            default:
                throw new IllegalArgumentException("unsupported type " + t);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static boolean toBoolean(Object o) {
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        if (o instanceof Number) {
            return ((Number) o).longValue() != 0;
        }
        throw new IllegalArgumentException("value '" + o + "' is not a BOOLEAN");
    }

    private static long checkRange(DataType t, Object o, long min, long max) {
        long x;
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            x = ((Number) o).longValue();
        } else if (o instanceof BigInteger) {
            BigInteger b = (BigInteger) o;
            if (b.bitLength() > 63) {
                throw new IllegalArgumentException("value " + o + " overflows " + t);
            }
            x = b.longValue();
        } else if (o instanceof Boolean) {
            x = ((Boolean) o) ? 1 : 0;
        } else {
            throw new IllegalArgumentException("value '" + o + "' is not an integer for " + t);
        }
        if (x < min || x > max) {
            throw new IllegalArgumentException("value " + x + " overflows " + t);
        }
        return x;
    }

    private static BigDecimal toBigDecimal(Object o) {
        if (o instanceof BigDecimal) {
            return (BigDecimal) o;
        }
        if (o instanceof BigInteger) {
            return new BigDecimal((BigInteger) o);
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        if (o instanceof Double || o instanceof Float) {
            return BigDecimal.valueOf(((Number) o).doubleValue());
        }
        throw new IllegalArgumentException("value '" + o + "' is not a decimal");
    }

    private static LocalDate toDate(Object o) {
        if (o instanceof LocalDate) {
            return (LocalDate) o;
        }
        if (o instanceof LocalDateTime) {
            return ((LocalDateTime) o).toLocalDate();
        }
        throw new IllegalArgumentException("value '" + o + "' is not a date");
    }

    private static LocalDateTime toDateTime(Object o) {
        if (o instanceof LocalDateTime) {
            return (LocalDateTime) o;
        }
        if (o instanceof LocalDate) {
            return ((LocalDate) o).atStartOfDay();
        }
        throw new IllegalArgumentException("value '" + o + "' is not a datetime");
    }
}
