package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.ZoneMapPB;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed Doris zone map (page or segment) and pruning against it. {@link #mayMatch} never answers
 * false when a row of the zone could satisfy the predicate: float bounds are widened to cover the
 * text rounding of {@code {:.7g}} / {@code {:.16g}}, a truncated string max is treated as a prefix
 * bound, NaN/±Inf flags are honoured, and anything not understood answers true.
 *
 * <p>Bounds are held as comparable values: {@link BigDecimal} for integer, boolean and decimal
 * types (decimals at their scale), {@code double} for FLOAT/DOUBLE, {@link LocalDateTime} for
 * DATEV2 (start of day) and DATETIMEV2, byte arrays for strings (CHAR without trailing zero bytes).
 */
public final class ZoneMap {
    private static final double FLOAT_REL_TOLERANCE = 1e-6;
    private static final double DOUBLE_REL_TOLERANCE = 1e-14;

    private final DataType type;
    private final boolean hasNull;
    private final boolean hasNotNull;
    private final boolean passAll;
    private final boolean hasNan;
    private final boolean hasPosInf;
    private final boolean hasNegInf;

    // bounds (valid when hasNotNull && !passAll)
    private final Object min;
    private final Object max;
    private final boolean finiteEmpty; // FLOAT/DOUBLE: no finite value (min > max)
    private final double lo; // FLOAT/DOUBLE widened bounds
    private final double hi;
    private final boolean maxTruncated; // strings: max is a 512-byte incremented prefix
    private final byte[] maxPrefix; // strings: upper bound of the true max's first 512 bytes

    private ZoneMap(
            DataType type,
            ZoneMapPB pb,
            Object min,
            Object max,
            boolean finiteEmpty,
            double lo,
            double hi,
            boolean maxTruncated,
            byte[] maxPrefix) {
        this.type = type;
        this.hasNull = pb.getHasNull();
        this.hasNotNull = pb.getHasNotNull();
        this.passAll = pb.getPassAll();
        this.hasNan = pb.getHasNan();
        this.hasPosInf = pb.getHasPositiveInf();
        this.hasNegInf = pb.getHasNegativeInf();
        this.min = min;
        this.max = max;
        this.finiteEmpty = finiteEmpty;
        this.lo = lo;
        this.hi = hi;
        this.maxTruncated = maxTruncated;
        this.maxPrefix = maxPrefix;
    }

    /** Parses a zone map of a column of type t; malformed min/max text is a corrupt segment. */
    public static ZoneMap parse(ZoneMapPB pb, DataType t) throws CorruptSegmentException {
        return parse(pb, t, "<zone map>", 0);
    }

    /** As {@link #parse(ZoneMapPB, DataType)}, naming the file and offset in errors. */
    public static ZoneMap parse(ZoneMapPB pb, DataType t, String path, long offset)
            throws CorruptSegmentException {
        if (pb.getPassAll() || !pb.getHasNotNull()) {
            return new ZoneMap(t, pb, null, null, true, 0, 0, false, null);
        }
        byte[] minB = pb.getMin().toByteArray();
        byte[] maxB = pb.getMax().toByteArray();
        try {
            switch (t.fieldType()) {
                case FLOAT:
                case DOUBLE:
                    {
                        double mn = parseCDouble(ascii(minB));
                        double mx = parseCDouble(ascii(maxB));
                        if (Double.isNaN(mn) || Double.isNaN(mx)) {
                            // older writers could leak NaN into min/max: bounds are meaningless
                            return new ZoneMap(
                                    t,
                                    pb,
                                    mn,
                                    mx,
                                    false,
                                    Double.NEGATIVE_INFINITY,
                                    Double.POSITIVE_INFINITY,
                                    false,
                                    null);
                        }
                        double rel =
                                t.fieldType() == FieldType.FLOAT
                                        ? FLOAT_REL_TOLERANCE
                                        : DOUBLE_REL_TOLERANCE;
                        double l =
                                Double.isInfinite(mn)
                                        ? mn
                                        : mn - Math.abs(mn) * rel - Double.MIN_VALUE;
                        double h =
                                Double.isInfinite(mx)
                                        ? mx
                                        : mx + Math.abs(mx) * rel + Double.MIN_VALUE;
                        return new ZoneMap(t, pb, mn, mx, mn > mx, l, h, false, null);
                    }
                case CHAR:
                case VARCHAR:
                case STRING:
                    {
                        boolean truncated = maxB.length == ZoneMapBuilder.MAX_STRING_BYTES;
                        byte[] prefix = null;
                        if (truncated) {
                            // the true max starts with the stored bytes, or with them with the
                            // last byte decremented (Doris increments it, wrapping 0xFF to 0x00;
                            // older writers may not): bound by the larger of the two readings
                            prefix = maxB.clone();
                            if (prefix[prefix.length - 1] == 0) {
                                prefix[prefix.length - 1] = (byte) 0xFF;
                            }
                        }
                        if (t.fieldType() == FieldType.CHAR) {
                            minB = stripZeros(minB);
                            maxB = stripZeros(maxB);
                            if (prefix != null) {
                                prefix = stripZeros(prefix);
                            }
                        }
                        return new ZoneMap(t, pb, minB, maxB, false, 0, 0, truncated, prefix);
                    }
                default:
                    return new ZoneMap(
                            t,
                            pb,
                            parseOrdered(t, ascii(minB)),
                            parseOrdered(t, ascii(maxB)),
                            false,
                            0,
                            0,
                            false,
                            null);
            }
        } catch (NumberFormatException
                | DateTimeParseException
                | StringIndexOutOfBoundsException e) {
            throw new CorruptSegmentException(
                    path,
                    offset,
                    "zone map of "
                            + t
                            + " has malformed min/max '"
                            + abbreviate(ascii(minB))
                            + "' / '"
                            + abbreviate(ascii(maxB))
                            + "'",
                    e);
        }
    }

    /** Parses C-style float text, including {@code inf}, {@code -inf} and {@code nan}. */
    private static double parseCDouble(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "inf":
            case "+inf":
            case "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "-nan":
                return Double.NaN;
            default:
                if (t.isEmpty()
                        || !(Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
                    // Double.parseDouble accepts suffixes such as "1d"; Doris never writes them
                    throw new NumberFormatException("not a C float: " + s);
                }
                return Double.parseDouble(t);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] stripZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    private static Object parseOrdered(DataType t, String s) {
        switch (t.fieldType()) {
            case DATEV2:
                return LocalDate.parse(s).atStartOfDay();
            case DATETIMEV2:
                return parseDateTime(s);
            default:
                return new BigDecimal(new BigInteger(s), t.fieldType().isDecimal() ? t.scale() : 0);
        }
    }

    private static LocalDateTime parseDateTime(String s) {
        if (s.length() < 19 || s.charAt(10) != ' ') {
            throw new DateTimeParseException("bad datetime", s, 0);
        }
        LocalDateTime base = LocalDateTime.parse(s.substring(0, 10) + "T" + s.substring(11, 19));
        if (s.length() == 19) {
            return base;
        }
        if (s.charAt(19) != '.' || s.length() > 26 || s.length() < 21) {
            throw new DateTimeParseException("bad datetime fraction", s, 19);
        }
        String frac = (s.substring(20) + "000000").substring(0, 6);
        return base.withNano(Integer.parseInt(frac) * 1000);
    }

    public DataType type() {
        return type;
    }

    public boolean hasNull() {
        return hasNull;
    }

    public boolean hasNotNull() {
        return hasNotNull;
    }

    public boolean passAll() {
        return passAll;
    }

    public boolean hasNan() {
        return hasNan;
    }

    public boolean hasPositiveInf() {
        return hasPosInf;
    }

    public boolean hasNegativeInf() {
        return hasNegInf;
    }

    /** True when min/max are usable (some non-null value and not pass_all). */
    public boolean hasBounds() {
        return hasNotNull && !passAll;
    }

    /**
     * The lower bound as a comparable value (see class doc), or null without bounds. FLOAT/DOUBLE:
     * the parsed text (not widened); a string min may be a prefix of the true min.
     */
    public Object min() {
        return hasBounds() ? copy(min) : null;
    }

    private static Object copy(Object bound) {
        return bound instanceof byte[] ? ((byte[]) bound).clone() : bound;
    }

    /** The upper bound as a comparable value, or null; a truncated string max is incremented. */
    public Object max() {
        return hasBounds() ? copy(max) : null;
    }

    /**
     * The bounds as a two-row vector of the column's physical type (row 0 min, row 1 max), or null
     * when there are no exact bounds (no non-null value, pass_all, FLOAT/DOUBLE without a finite
     * value, a truncated string max, or bounds the type cannot hold).
     */
    public ColumnVector physicalBounds() {
        if (!hasBounds() || finiteEmpty || maxTruncated) {
            return null;
        }
        ColumnVector v = ColumnVector.create(type, 2);
        try {
            v.appendObject(type, toExternal(min));
            v.appendObject(type, toExternal(max));
        } catch (RuntimeException e) {
            return null;
        }
        return v;
    }

    private Object toExternal(Object bound) {
        switch (type.fieldType()) {
            case BOOLEAN:
                return ((BigDecimal) bound).signum() != 0;
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
                return ((BigDecimal) bound).longValueExact();
            case LARGEINT:
                return ((BigDecimal) bound).toBigIntegerExact();
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                return bound;
            case FLOAT:
            case DOUBLE:
                return bound;
            case DATEV2:
                return ((LocalDateTime) bound).toLocalDate();
            case DATETIMEV2:
                return bound;
            default:
                return bound; // byte[]
        }
    }

    /**
     * Whether some row of this zone may satisfy p (for type t, which must be this zone's type).
     * Supports = &lt; &lt;= &gt; &gt;= IN, IS [NOT] NULL; NE and NOT IN are pruned only when the
     * zone provably holds the single excluded value.
     */
    public boolean mayMatch(ColumnPredicate p, DataType t) {
        switch (p.op()) {
            case IS_NULL:
                return hasNull;
            case IS_NOT_NULL:
                return hasNotNull;
            default:
                break;
        }
        if (!hasNotNull) {
            return false; // comparisons never match NULL
        }
        if (passAll) {
            return true;
        }
        try {
            switch (p.op()) {
                case IN:
                    for (Object v : p.values()) {
                        if (mayMatch(ColumnPredicate.Op.EQ, v)) {
                            return true;
                        }
                    }
                    return false;
                case NOT_IN:
                    return !singleValueIn(p.values());
                case NE:
                    return !singleValueIn(List.of(p.value()));
                default:
                    return mayMatch(p.op(), p.value());
            }
        } catch (RuntimeException e) {
            return true; // a literal we cannot interpret never prunes
        }
    }

    private boolean mayMatch(ColumnPredicate.Op op, Object literal) {
        switch (type.fieldType()) {
            case FLOAT:
            case DOUBLE:
                return mayMatchFloating(op, literal);
            case CHAR:
            case VARCHAR:
            case STRING:
                return mayMatchBytes(op, literalBytes(literal));
            default:
                {
                    // test the literal as written and as a load would store it (decimals rounded
                    // to the scale, datetimes truncated): the zone may match under either reading
                    for (Comparable<Object> v : literalForms(literal)) {
                        if (v == null || rangeTest(op, v.compareTo(min), v.compareTo(max))) {
                            return true;
                        }
                    }
                    return false;
                }
        }
    }

    /** Generic test given sign(v − min) and sign(v − max) for inclusive bounds. */
    private static boolean rangeTest(ColumnPredicate.Op op, int cMin, int cMax) {
        switch (op) {
            case EQ:
                return cMin >= 0 && cMax <= 0;
            case LT:
                return cMin > 0; // some x ≥ min with x < v
            case LE:
                return cMin >= 0;
            case GT:
                return cMax < 0;
            case GE:
                return cMax <= 0;
            default:
                return true;
        }
    }

    private boolean mayMatchFloating(ColumnPredicate.Op op, Object literal) {
        if (!(literal instanceof Number)) {
            return true;
        }
        double v = ((Number) literal).doubleValue();
        if (Double.isNaN(v)) {
            return true; // NaN ordering differs between engines; never prune on it
        }
        if (hasNan && (op == ColumnPredicate.Op.GT || op == ColumnPredicate.Op.GE)) {
            return true; // NaN sorts above every value in Doris/Java order
        }
        // the non-NaN values of the zone lie within [effLo, effHi]
        double effLo;
        double effHi;
        if (finiteEmpty) {
            if (!hasNegInf && !hasPosInf) {
                return false; // only NaN values: they match no comparison other than above
            }
            effLo = hasNegInf ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            effHi = hasPosInf ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } else {
            effLo = hasNegInf ? Double.NEGATIVE_INFINITY : lo;
            effHi = hasPosInf ? Double.POSITIVE_INFINITY : hi;
        }
        switch (op) {
            case EQ:
                return effLo <= v && v <= effHi;
            case LT:
                return effLo < v;
            case LE:
                return effLo <= v;
            case GT:
                return effHi > v;
            case GE:
                return effHi >= v;
            default:
                return true;
        }
    }

    private boolean mayMatchBytes(ColumnPredicate.Op op, byte[] v) {
        if (v == null) {
            return true;
        }
        byte[] mn = (byte[]) min;
        int cMin = Integer.signum(Arrays.compareUnsigned(v, mn));
        int cMax;
        if (maxTruncated) {
            // the true max's first 512 bytes are ≤ maxPrefix: v can be ≤ it only if v's are too
            byte[] vp = v.length > maxPrefix.length ? Arrays.copyOf(v, maxPrefix.length) : v;
            cMax = Arrays.compareUnsigned(vp, maxPrefix) <= 0 ? -1 : 1;
        } else {
            cMax = Integer.signum(Arrays.compareUnsigned(v, (byte[]) max));
        }
        return rangeTest(op, cMin, cMax);
    }

    /** True when the zone provably holds only values from the list (so NE / NOT IN fail). */
    private boolean singleValueIn(List<Object> values) {
        switch (type.fieldType()) {
            case FLOAT:
            case DOUBLE:
                return false; // text bounds are rounded: never provably a single value
            case CHAR:
            case VARCHAR:
            case STRING:
                {
                    if (maxTruncated || !Arrays.equals((byte[]) min, (byte[]) max)) {
                        return false;
                    }
                    for (Object o : values) {
                        byte[] b = literalBytes(o);
                        if (b != null && Arrays.equals(b, (byte[]) min)) {
                            return true;
                        }
                    }
                    return false;
                }
            default:
                {
                    if (((Comparable<Object>) asComparable(min)).compareTo(max) != 0) {
                        return false;
                    }
                    for (Object o : values) {
                        boolean allEqual = true;
                        for (Comparable<Object> v : literalForms(o)) {
                            allEqual &= v != null && v.compareTo(min) == 0;
                        }
                        if (allEqual) {
                            return true;
                        }
                    }
                    return false;
                }
        }
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> asComparable(Object o) {
        return (Comparable<Object>) o;
    }

    private byte[] literalBytes(Object literal) {
        byte[] b;
        if (literal instanceof byte[]) {
            b = (byte[]) literal;
        } else if (literal instanceof String) {
            b = ((String) literal).getBytes(StandardCharsets.UTF_8);
        } else {
            return null;
        }
        return type.fieldType() == FieldType.CHAR ? stripZeros(b) : b;
    }

    /**
     * The literal in the bounds' domain, exactly and (when it differs and the type accepts it) as a
     * load would convert it; a null element means "cannot be compared".
     */
    private List<Comparable<Object>> literalForms(Object literal) {
        Comparable<Object> exact = literalOrdered(literal);
        Object stored;
        try {
            stored = KeyCoder.toVector(type, literal).getObject(type, 0);
        } catch (RuntimeException e) {
            return java.util.Collections.singletonList(exact);
        }
        Comparable<Object> conv = literalOrdered(stored);
        if (exact != null && conv != null && exact.compareTo(conv) == 0) {
            return java.util.Collections.singletonList(exact);
        }
        return java.util.Arrays.asList(exact, conv);
    }

    /** The literal in the bounds' comparable domain, or null when it cannot be compared. */
    private Comparable<Object> literalOrdered(Object literal) {
        Object v;
        switch (type.fieldType()) {
            case DATEV2:
            case DATETIMEV2:
                if (literal instanceof LocalDateTime) {
                    v = literal;
                } else if (literal instanceof LocalDate) {
                    v = ((LocalDate) literal).atStartOfDay();
                } else {
                    return null;
                }
                break;
            default:
                v = toBigDecimal(literal);
                if (v == null) {
                    return null;
                }
        }
        return asComparable(v);
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
        if (o instanceof Boolean) {
            return ((Boolean) o) ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if ((o instanceof Double || o instanceof Float)
                && !Double.isNaN(((Number) o).doubleValue())
                && !Double.isInfinite(((Number) o).doubleValue())) {
            // exact binary value; literalForms adds the load conversion (shortest decimal)
            return new BigDecimal(((Number) o).doubleValue());
        }
        return null;
    }

    @Override
    public String toString() {
        return "ZoneMap{"
                + type
                + (passAll ? " pass_all" : "")
                + (hasNull ? " has_null" : "")
                + (hasNotNull ? " [" + render(min) + ", " + render(max) + "]" : " all-null")
                + (hasNan ? " nan" : "")
                + (hasPosInf ? " +inf" : "")
                + (hasNegInf ? " -inf" : "")
                + "}";
    }

    private static String render(Object o) {
        return o instanceof byte[]
                ? new String((byte[]) o, StandardCharsets.UTF_8)
                : String.valueOf(o);
    }
}
