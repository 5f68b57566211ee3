package io.strata.engine.schema;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type: the Doris storage type plus its parameters (CHAR/VARCHAR length, DECIMAL precision
 * and scale, DATETIMEV2 scale). Immutable.
 *
 * <p>Value representations used throughout the engine:
 *
 * <table>
 *   <tr><th>type</th><th>vector (physical)</th><th>Java object (external)</th></tr>
 *   <tr><td>BOOLEAN, TINYINT</td><td>ByteVector (0/1 for BOOLEAN)</td><td>Boolean, Byte</td></tr>
 *   <tr><td>SMALLINT</td><td>ShortVector</td><td>Short</td></tr>
 *   <tr><td>INT, DATEV2, DECIMAL32</td><td>IntVector</td><td>Integer, LocalDate, BigDecimal</td></tr>
 *   <tr><td>BIGINT, DATETIMEV2, DECIMAL64</td><td>LongVector</td><td>Long, LocalDateTime, BigDecimal</td></tr>
 *   <tr><td>LARGEINT, DECIMAL128I</td><td>Int128Vector</td><td>BigInteger, BigDecimal</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>FloatVector, DoubleVector</td><td>Float, Double</td></tr>
 *   <tr><td>CHAR, VARCHAR, STRING</td><td>BytesVector (UTF-8, CHAR unpadded)</td><td>String</td></tr>
 * </table>
 *
 * DATEV2 is Doris's u32 bitfield {@code year<<9 | month<<5 | day}; DATETIMEV2 is the u64 bitfield
 * (microsecond 20 bits, second 6, minute 6, hour 5, day 5, month 4, year 18, from bit 0); decimals
 * are unscaled two's-complement integers.
 */
public final class DataType {
    public static final int MAX_DECIMAL_PRECISION = 38;
    public static final int DEFAULT_STRING_LENGTH = Integer.MAX_VALUE;

    private final FieldType fieldType;
    private final int length; // CHAR/VARCHAR declared length in bytes; STRING: max
    private final int precision; // decimals
    private final int scale; // decimals, DATETIMEV2

    private DataType(FieldType fieldType, int length, int precision, int scale) {
        this.fieldType = fieldType;
        this.length = length;
        this.precision = precision;
        this.scale = scale;
    }

    public static DataType of(FieldType t) {
        switch (t) {
            case CHAR:
                return new DataType(t, 1, 0, 0);
            case VARCHAR:
                return new DataType(t, 65533, 0, 0);
            case STRING:
                return new DataType(t, DEFAULT_STRING_LENGTH, 0, 0);
            case DATETIMEV2:
                return new DataType(t, 0, 0, 0);
            case DECIMAL32:
                return decimal(9, 0);
            case DECIMAL64:
                return decimal(18, 0);
            case DECIMAL128I:
                return decimal(38, 0);
            default:
                return new DataType(t, 0, 0, 0);
        }
    }

    public static DataType charType(int n) {
        if (n < 1 || n > 255) {
            throw new IllegalArgumentException("CHAR length must be in [1, 255]: " + n);
        }
        return new DataType(FieldType.CHAR, n, 0, 0);
    }

    public static DataType varchar(int n) {
        if (n < 1 || n > 65533) {
            throw new IllegalArgumentException("VARCHAR length must be in [1, 65533]: " + n);
        }
        return new DataType(FieldType.VARCHAR, n, 0, 0);
    }

    public static DataType string() {
        return of(FieldType.STRING);
    }

    public static DataType datetimeV2(int scale) {
        if (scale < 0 || scale > 6) {
            throw new IllegalArgumentException("DATETIMEV2 scale must be in [0, 6]: " + scale);
        }
        return new DataType(FieldType.DATETIMEV2, 0, 0, scale);
    }

    /** DECIMAL(p, s): DECIMAL32 for p ≤ 9, DECIMAL64 for p ≤ 18, else DECIMAL128I, as Doris. */
    public static DataType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
            throw new IllegalArgumentException(
                    "DECIMAL precision must be in [1, 38]: " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException(
                    "DECIMAL scale must be in [0, precision]: (" + precision + ", " + scale + ")");
        }
        FieldType t =
                precision <= 9
                        ? FieldType.DECIMAL32
                        : precision <= 18 ? FieldType.DECIMAL64 : FieldType.DECIMAL128I;
        return new DataType(t, 0, precision, scale);
    }

    private static final Pattern PARAMS =
            Pattern.compile("^([A-Z0-9_]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?$");

    /**
     * Parses a Doris-style type name: {@code INT}, {@code DECIMAL(15,2)}, {@code DATETIMEV2(6)},
     * {@code VARCHAR(64)}, {@code CHAR(4)}, {@code STRING}, {@code DATE} (= DATEV2), {@code
     * DATETIME(p)} (= DATETIMEV2), {@code DECIMALV3(p,s)}, {@code DECIMAL32(p,s)} etc.
     */
    public static DataType parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        Matcher m = PARAMS.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown type '" + text + "'");
        }
        String name = m.group(1);
        Integer a = m.group(2) == null ? null : Integer.parseInt(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.parseInt(m.group(3));
        switch (name) {
            case "BOOLEAN":
            case "BOOL":
                return of(FieldType.BOOLEAN);
            case "TINYINT":
                return of(FieldType.TINYINT);
            case "SMALLINT":
                return of(FieldType.SMALLINT);
            case "INT":
            case "INTEGER":
                return of(FieldType.INT);
            case "BIGINT":
                return of(FieldType.BIGINT);
            case "LARGEINT":
                return of(FieldType.LARGEINT);
            case "FLOAT":
                return of(FieldType.FLOAT);
            case "DOUBLE":
                return of(FieldType.DOUBLE);
            case "DATE":
            case "DATEV2":
                return of(FieldType.DATEV2);
            case "DATETIME":
            case "DATETIMEV2":
                return datetimeV2(a == null ? 0 : a);
            case "DECIMAL":
            case "DECIMALV3":
            case "DECIMAL32":
            case "DECIMAL64":
            case "DECIMAL128":
            case "DECIMAL128I":
                return decimal(a == null ? 9 : a, b == null ? 0 : b);
            case "CHAR":
                return charType(a == null ? 1 : a);
            case "VARCHAR":
                return varchar(a == null ? 65533 : a);
            case "STRING":
            case "TEXT":
                return string();
            default:
                throw new IllegalArgumentException("unknown type '" + text + "'");
        }
    }

    public FieldType fieldType() {
        return fieldType;
    }

    /** CHAR/VARCHAR declared length (bytes); STRING max length. */
    public int length() {
        return length;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    /**
     * Width of ColumnPB/ColumnMetaPB {@code length}: fixed size, CHAR n, VARCHAR n+2, STRING n+4
     * (capped).
     */
    public int storageLength() {
        switch (fieldType) {
            case CHAR:
                return length;
            case VARCHAR:
                return length + 2;
            case STRING:
                return Integer.MAX_VALUE;
            default:
                return fieldType.fixedSize;
        }
    }

    /**
     * The Doris display name, e.g. {@code DECIMAL(15,2)}, {@code VARCHAR(64)}, {@code
     * DATETIMEV2(6)}.
     */
    @Override
    public String toString() {
        switch (fieldType) {
            case CHAR:
            case VARCHAR:
                return fieldType.dorisName + "(" + length + ")";
            case DATETIMEV2:
                return "DATETIMEV2(" + scale + ")";
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                return "DECIMAL(" + precision + "," + scale + ")";
            default:
                return fieldType.dorisName;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataType)) {
            return false;
        }
        DataType d = (DataType) o;
        return fieldType == d.fieldType
                && length == d.length
                && precision == d.precision
                && scale == d.scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fieldType, length, precision, scale);
    }
}
