package io.strata.engine.segment.index;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.proto.segment.ZoneMapPB;

import com.google.protobuf.ByteString;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Accumulates Doris zone maps (reference §4.3) for one column: a page zone map per {@link
 * #finishPage(int)} and the segment zone map over every value added. Min/max are written as Doris
 * {@code to_string} text (see {@link ZoneMapText}); FLOAT/DOUBLE NaN and ±Inf are flagged and kept
 * out of min/max; strings are truncated to {@value #MAX_STRING_BYTES} bytes (a max of exactly that
 * length gets its last byte incremented, as Doris); CHAR bounds are zero-padded to the declared
 * length. Not thread-safe.
 */
public final class ZoneMapBuilder {
    /** Doris {@code MAX_ZONE_MAP_INDEX_SIZE}. */
    public static final int MAX_STRING_BYTES = 512;

    /** Doris {@code zone_map_row_num_threshold}: smaller pages are written pass_all. */
    public static final int PAGE_ROW_THRESHOLD = 20;

    private final DataType type;
    private final Kind kind;
    private final State page;
    private final State segment;

    enum Kind {
        LONG,
        INT128,
        FLOATING,
        BYTES
    }

    public ZoneMapBuilder(DataType type) {
        this.type = type;
        this.kind = kindOf(type.fieldType());
        this.page = new State();
        this.segment = new State();
    }

    static Kind kindOf(FieldType t) {
        switch (t) {
            case LARGEINT:
            case DECIMAL128I:
                return Kind.INT128;
            case FLOAT:
            case DOUBLE:
                return Kind.FLOATING;
            case CHAR:
            case VARCHAR:
            case STRING:
                return Kind.BYTES;
            default:
                return Kind.LONG;
        }
    }

    public DataType type() {
        return type;
    }

    /** Adds rows {@code [start, start+n)} of v (NULL rows included) to the current page. */
    public void add(ColumnVector v, int start, int n) {
        if (n <= 0) {
            return;
        }
        State s = page;
        byte[] nulls = v.nullMap();
        int end = start + n;
        switch (type.fieldType()) {
            case BOOLEAN:
            case TINYINT:
                {
                    byte[] a = ((ByteVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addLong(a[i]);
                        }
                    }
                    return;
                }
            case SMALLINT:
                {
                    ShortVector sv = (ShortVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addLong(sv.get(i));
                        }
                    }
                    return;
                }
            case INT:
            case DATEV2:
            case DECIMAL32:
                {
                    int[] a = ((IntVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addLong(a[i]);
                        }
                    }
                    return;
                }
            case BIGINT:
            case DATETIMEV2:
            case DECIMAL64:
                {
                    long[] a = ((LongVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addLong(a[i]);
                        }
                    }
                    return;
                }
            case LARGEINT:
            case DECIMAL128I:
                {
                    long[] hi = ((Int128Vector) v).hi();
                    long[] lo = ((Int128Vector) v).lo();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.add128(hi[i], lo[i]);
                        }
                    }
                    return;
                }
            case FLOAT:
                {
                    FloatVector fv = (FloatVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addDouble(fv.get(i));
                        }
                    }
                    return;
                }
            case DOUBLE:
                {
                    DoubleVector dv = (DoubleVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addDouble(dv.get(i));
                        }
                    }
                    return;
                }
            case CHAR:
            case VARCHAR:
            case STRING:
                {
                    BytesVector bv = (BytesVector) v;
                    byte[] data = bv.data();
                    int[] off = bv.offsets();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            s.hasNull = true;
                        } else {
                            s.addBytes(data, off[i], off[i + 1] - off[i]);
                        }
                    }
                    return;
                }
            default:
                throw new IllegalArgumentException("no zone map for type " + type);
        }
    }

    /**
     * Finishes the current page: its zone map (pass_all with empty min/max when {@code pageRows}
     * &lt; {@value #PAGE_ROW_THRESHOLD}); its values feed the segment zone map either way.
     */
    public ZoneMapPB finishPage(int pageRows) {
        ZoneMapPB pb = toProto(page, pageRows < PAGE_ROW_THRESHOLD);
        segment.merge(page);
        page.reset();
        return pb;
    }

    /** The segment zone map over every value added so far (including an unfinished page). */
    public ZoneMapPB segmentZoneMap() {
        segment.merge(page); // merging is idempotent, so a later finishPage stays correct
        return toProto(segment, false);
    }

    private ZoneMapPB toProto(State s, boolean passAll) {
        ZoneMapPB.Builder b =
                ZoneMapPB.newBuilder()
                        .setHasNull(s.hasNull)
                        .setHasNotNull(s.hasNotNull)
                        .setPassAll(passAll)
                        .setHasPositiveInf(s.posInf)
                        .setHasNegativeInf(s.negInf)
                        .setHasNan(s.nan);
        if (passAll) {
            return b.setMin(ByteString.EMPTY).setMax(ByteString.EMPTY).build();
        }
        return b.setMin(minText(s)).setMax(maxText(s)).build();
    }

    private ByteString minText(State s) {
        if (!s.any) {
            return resetText(true);
        }
        switch (kind) {
            case LONG:
                return ascii(longText(s.lmin));
            case INT128:
                return ascii(Int128Vector.toBigInteger(s.hmin, s.lmin128).toString());
            case FLOATING:
                return ascii(floatText(s.dmin));
            default:
                return ByteString.copyFrom(charPad(s.smin, Math.min(s.sminLen, stringCap())));
        }
    }

    private ByteString maxText(State s) {
        if (!s.any) {
            return resetText(false);
        }
        switch (kind) {
            case LONG:
                return ascii(longText(s.lmax));
            case INT128:
                return ascii(Int128Vector.toBigInteger(s.hmax, s.lmax128).toString());
            case FLOATING:
                return ascii(floatText(s.dmax));
            default:
                {
                    int n = Math.min(s.smaxLen, stringCap());
                    byte[] out = charPad(s.smax, n);
                    n = out.length;
                    if (n == MAX_STRING_BYTES) {
                        out[n - 1] += 1; // Doris modify_zone_map_index (wraps like a C++ char)
                    }
                    return ByteString.copyFrom(out);
                }
        }
    }

    /**
     * The first n bytes of b; for CHAR zero-padded to the declared length, since Doris stores and
     * compares CHAR values padded.
     */
    private byte[] charPad(byte[] b, int n) {
        if (type.fieldType() == FieldType.CHAR && n < stringCap()) {
            byte[] out = new byte[stringCap()];
            System.arraycopy(b, 0, out, 0, n);
            return out;
        }
        return Arrays.copyOf(b, n);
    }

    private int stringCap() {
        return type.fieldType() == FieldType.VARCHAR || type.fieldType() == FieldType.CHAR
                ? Math.min(MAX_STRING_BYTES, type.length())
                : MAX_STRING_BYTES;
    }

    private String floatText(double d) {
        return type.fieldType() == FieldType.FLOAT
                ? ZoneMapText.formatFloat((float) d)
                : ZoneMapText.formatDouble(d);
    }

    private String longText(long v) {
        switch (type.fieldType()) {
            case DATEV2:
                return ZoneMapText.formatDateV2((int) v);
            case DATETIMEV2:
                return ZoneMapText.formatDateTimeV2(v);
            default:
                return Long.toString(v);
        }
    }

    /** Doris reset values: min = type maximum, max = type minimum. */
    private ByteString resetText(boolean typeMax) {
        switch (type.fieldType()) {
            case BOOLEAN:
                return ascii(typeMax ? "1" : "0");
            case TINYINT:
                return ascii(Long.toString(typeMax ? Byte.MAX_VALUE : Byte.MIN_VALUE));
            case SMALLINT:
                return ascii(Long.toString(typeMax ? Short.MAX_VALUE : Short.MIN_VALUE));
            case INT:
                return ascii(Long.toString(typeMax ? Integer.MAX_VALUE : Integer.MIN_VALUE));
            case BIGINT:
                return ascii(Long.toString(typeMax ? Long.MAX_VALUE : Long.MIN_VALUE));
            case LARGEINT:
                {
                    BigInteger m = BigInteger.ONE.shiftLeft(127);
                    return ascii((typeMax ? m.subtract(BigInteger.ONE) : m.negate()).toString());
                }
            case FLOAT:
                return ascii(ZoneMapText.formatFloat(typeMax ? Float.MAX_VALUE : -Float.MAX_VALUE));
            case DOUBLE:
                return ascii(
                        ZoneMapText.formatDouble(typeMax ? Double.MAX_VALUE : -Double.MAX_VALUE));
            case DECIMAL32:
                return ascii(typeMax ? "999999999" : "-999999999");
            case DECIMAL64:
                return ascii(typeMax ? "999999999999999999" : "-999999999999999999");
            case DECIMAL128I:
                {
                    String nines = "9".repeat(38);
                    return ascii(typeMax ? nines : "-" + nines);
                }
            case DATEV2:
                return ascii(typeMax ? "9999-12-31" : "0000-01-01");
            case DATETIMEV2:
                return ascii(typeMax ? "9999-12-31 23:59:59.999999" : "0000-01-01 00:00:00.000000");
            default:
                {
                    // strings: max = 0xFF bytes filling the zone-map slot, min = empty
                    if (!typeMax) {
                        return ByteString.EMPTY;
                    }
                    byte[] ff = new byte[stringCap()];
                    Arrays.fill(ff, (byte) 0xFF);
                    return ByteString.copyFrom(ff);
                }
        }
    }

    private static ByteString ascii(String s) {
        return ByteString.copyFrom(s, StandardCharsets.US_ASCII);
    }

    /** Min/max/flags of one zone, in physical form. */
    private static final class State {
        boolean hasNull;
        boolean hasNotNull;
        boolean any; // a value that takes part in min/max
        boolean nan;
        boolean posInf;
        boolean negInf;
        long lmin;
        long lmax;
        long hmin;
        long lmin128;
        long hmax;
        long lmax128;
        double dmin;
        double dmax;
        byte[] smin = new byte[16];
        int sminLen;
        long sminPack; // first 8 bytes of smin, zero-padded big-endian
        byte[] smax = new byte[16];
        int smaxLen;
        long smaxPack;

        void reset() {
            hasNull = false;
            hasNotNull = false;
            any = false;
            nan = false;
            posInf = false;
            negInf = false;
            sminLen = 0;
            smaxLen = 0;
        }

        void addLong(long v) {
            hasNotNull = true;
            if (!any) {
                any = true;
                lmin = v;
                lmax = v;
            } else if (v < lmin) {
                lmin = v;
            } else if (v > lmax) {
                lmax = v;
            }
        }

        void add128(long h, long l) {
            hasNotNull = true;
            if (!any) {
                any = true;
                hmin = h;
                lmin128 = l;
                hmax = h;
                lmax128 = l;
                return;
            }
            if (h < hmin || (h == hmin && Long.compareUnsigned(l, lmin128) < 0)) {
                hmin = h;
                lmin128 = l;
            }
            if (h > hmax || (h == hmax && Long.compareUnsigned(l, lmax128) > 0)) {
                hmax = h;
                lmax128 = l;
            }
        }

        void addDouble(double d) {
            hasNotNull = true;
            if (any && d >= dmin && d <= dmax) {
                return; // common case; false for NaN, which takes the slow path
            }
            if (Double.isNaN(d)) {
                nan = true;
                return;
            }
            if (Double.isInfinite(d)) {
                if (d > 0) {
                    posInf = true;
                } else {
                    negInf = true;
                }
                return;
            }
            if (!any) {
                any = true;
                dmin = d;
                dmax = d;
            } else if (d < dmin) {
                dmin = d;
            } else if (d > dmax) {
                dmax = d;
            }
        }

        void addBytes(byte[] b, int off, int len) {
            hasNotNull = true;
            if (!any) {
                any = true;
                setMin(b, off, len);
                setMax(b, off, len);
                return;
            }
            // Most values differ from min and max within their first 8 bytes: comparing those as
            // one zero-padded big-endian long decides without a per-value compare call, which
            // dominated string zone maps.
            long pv = pack(b, off, len);
            int c = compare(pv, b, off, len, sminPack, smin, sminLen);
            if (c < 0) {
                setMin(b, off, len);
                return;
            }
            if (compare(pv, b, off, len, smaxPack, smax, smaxLen) > 0) {
                setMax(b, off, len);
            }
        }

        /**
         * Unsigned lexicographic order of value {@code a[off, off+len)} (packed {@code pa}) and
         * bound {@code b[0, blen)} (packed {@code pb}). Packs differ: the first differing byte lies
         * in the first 8 (a zero pad differs from a real byte only where the shorter word is a
         * prefix of the longer, which orders the same way). Packs equal: both words of at most 8
         * bytes order by length, else the whole words decide.
         */
        private static int compare(
                long pa, byte[] a, int off, int len, long pb, byte[] b, int blen) {
            int c = Long.compareUnsigned(pa, pb);
            if (c != 0) {
                return c;
            }
            if (len <= 8 && blen <= 8) {
                return Integer.compare(len, blen);
            }
            return Arrays.compareUnsigned(a, off, off + len, b, 0, blen);
        }

        private static long pack(byte[] b, int off, int len) {
            long v = 0;
            int n = Math.min(len, 8);
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[off + i] & 0xFFL);
            }
            return n == 8 ? v : v << (8 * (8 - n)); // n == 0: v is 0
        }

        private void setMin(byte[] b, int off, int len) {
            if (smin.length < len) {
                smin = new byte[Math.max(len, smin.length * 2)];
            }
            System.arraycopy(b, off, smin, 0, len);
            sminLen = len;
            sminPack = pack(b, off, len);
        }

        private void setMax(byte[] b, int off, int len) {
            if (smax.length < len) {
                smax = new byte[Math.max(len, smax.length * 2)];
            }
            System.arraycopy(b, off, smax, 0, len);
            smaxLen = len;
            smaxPack = pack(b, off, len);
        }

        /** Folds another zone into this one (idempotent). */
        void merge(State o) {
            hasNull |= o.hasNull;
            hasNotNull |= o.hasNotNull;
            nan |= o.nan;
            posInf |= o.posInf;
            negInf |= o.negInf;
            if (!o.any) {
                return;
            }
            if (!any) {
                any = true;
                lmin = o.lmin;
                lmax = o.lmax;
                hmin = o.hmin;
                lmin128 = o.lmin128;
                hmax = o.hmax;
                lmax128 = o.lmax128;
                dmin = o.dmin;
                dmax = o.dmax;
                setMin(o.smin, 0, o.sminLen);
                setMax(o.smax, 0, o.smaxLen);
                return;
            }
            lmin = Math.min(lmin, o.lmin);
            lmax = Math.max(lmax, o.lmax);
            if (o.hmin < hmin || (o.hmin == hmin && Long.compareUnsigned(o.lmin128, lmin128) < 0)) {
                hmin = o.hmin;
                lmin128 = o.lmin128;
            }
            if (o.hmax > hmax || (o.hmax == hmax && Long.compareUnsigned(o.lmax128, lmax128) > 0)) {
                hmax = o.hmax;
                lmax128 = o.lmax128;
            }
            if (o.dmin < dmin) {
                dmin = o.dmin;
            }
            if (o.dmax > dmax) {
                dmax = o.dmax;
            }
            if (Arrays.compareUnsigned(o.smin, 0, o.sminLen, smin, 0, sminLen) < 0) {
                setMin(o.smin, 0, o.sminLen);
            }
            if (Arrays.compareUnsigned(o.smax, 0, o.smaxLen, smax, 0, smaxLen) > 0) {
                setMax(o.smax, 0, o.smaxLen);
            }
        }
    }
}
