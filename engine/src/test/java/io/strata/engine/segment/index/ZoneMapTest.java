package io.strata.engine.segment.index;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.ZoneMapPB;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneMapTest {

    private static String text(ByteString b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Segment zone map of the given external values. */
    private static ZoneMapPB zoneOf(DataType t, Object... values) {
        ColumnVector v = ColumnVector.create(t, values.length);
        for (Object o : values) {
            v.appendObject(t, o);
        }
        ZoneMapBuilder b = new ZoneMapBuilder(t);
        b.add(v, 0, v.size());
        return b.segmentZoneMap();
    }

    @Test
    void formatGMatchesCFormatting() {
        // expected strings are what printf("%.7g") / fmt "{:.7g}" print for these values
        assertThat(ZoneMapText.formatFloat(0.1f)).isEqualTo("0.1");
        assertThat(ZoneMapText.formatFloat(1e20f)).isEqualTo("1e+20");
        assertThat(ZoneMapText.formatFloat(-1.5f)).isEqualTo("-1.5");
        assertThat(ZoneMapText.formatFloat(1234567f)).isEqualTo("1234567");
        assertThat(ZoneMapText.formatFloat(12345678f)).isEqualTo("1.234568e+07");
        assertThat(ZoneMapText.formatFloat(0.0001f)).isEqualTo("0.0001");
        assertThat(ZoneMapText.formatFloat(0.00001f)).isEqualTo("1e-05");
        assertThat(ZoneMapText.formatFloat(Float.MAX_VALUE)).isEqualTo("3.402823e+38");
        assertThat(ZoneMapText.formatFloat(Float.MIN_VALUE)).isEqualTo("1.401298e-45");
        assertThat(ZoneMapText.formatFloat(100f)).isEqualTo("100");
        assertThat(ZoneMapText.formatFloat(-0f)).isEqualTo("-0");
        assertThat(ZoneMapText.formatFloat(0f)).isEqualTo("0");
        assertThat(ZoneMapText.formatDouble(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(ZoneMapText.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(ZoneMapText.formatDouble(1e100)).isEqualTo("1e+100");
        assertThat(ZoneMapText.formatDouble(123456789.125)).isEqualTo("123456789.125");
        assertThat(ZoneMapText.formatDouble(Double.MAX_VALUE)).isEqualTo("1.797693134862316e+308");
        assertThat(ZoneMapText.formatDouble(2.0 / 3)).isEqualTo("0.6666666666666666");
        assertThat(ZoneMapText.formatDouble(1e16)).isEqualTo("1e+16");
        assertThat(ZoneMapText.formatDouble(1e15)).isEqualTo("1000000000000000");
    }

    /**
     * Golden %.7g / %.16g strings computed independently by CPython's correctly rounded formatter
     * (same rules as glibc printf and C++ fmt 'g'), including ties such as 1048576.5.
     */
    @Test
    void formatGMatchesIndependentGoldenVectors() throws java.io.IOException {
        int checked = 0;
        try (var in = ZoneMapTest.class.getResourceAsStream("format_g_golden.txt")) {
            for (String line :
                    new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                String actual =
                        f[0].equals("7")
                                ? ZoneMapText.formatFloat(
                                        Float.intBitsToFloat(Integer.parseUnsignedInt(f[1], 16)))
                                : ZoneMapText.formatDouble(
                                        Double.longBitsToDouble(Long.parseUnsignedLong(f[1], 16)));
                assertThat(actual).as(line).isEqualTo(f[2]);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(433);
    }

    @Test
    void goldenMinMaxTextPerType() {
        ZoneMapPB z = zoneOf(DataType.of(FieldType.FLOAT), 0.1f, 1e20f, -2.5f);
        assertThat(text(z.getMin())).isEqualTo("-2.5");
        assertThat(text(z.getMax())).isEqualTo("1e+20");
        z = zoneOf(DataType.of(FieldType.DOUBLE), 1.0 / 3, 0.25);
        assertThat(text(z.getMin())).isEqualTo("0.25");
        assertThat(text(z.getMax())).isEqualTo("0.3333333333333333");
        z =
                zoneOf(
                        DataType.datetimeV2(6),
                        LocalDateTime.of(2024, 1, 31, 12, 34, 56, 123456000),
                        LocalDateTime.of(2023, 2, 1, 0, 0));
        assertThat(text(z.getMin())).isEqualTo("2023-02-01 00:00:00.000000");
        assertThat(text(z.getMax())).isEqualTo("2024-01-31 12:34:56.123456");
        z = zoneOf(DataType.decimal(15, 2), new BigDecimal("12.34"), new BigDecimal("-0.05"));
        assertThat(text(z.getMin())).isEqualTo("-5");
        assertThat(text(z.getMax())).isEqualTo("1234");
        z =
                zoneOf(
                        DataType.of(FieldType.DATEV2),
                        LocalDate.of(2024, 3, 9),
                        LocalDate.of(999, 12, 1));
        assertThat(text(z.getMin())).isEqualTo("0999-12-01");
        assertThat(text(z.getMax())).isEqualTo("2024-03-09");
        z = zoneOf(DataType.of(FieldType.BOOLEAN), true, false);
        assertThat(text(z.getMin())).isEqualTo("0");
        assertThat(text(z.getMax())).isEqualTo("1");
        BigInteger big = BigInteger.ONE.shiftLeft(100).negate();
        z = zoneOf(DataType.of(FieldType.LARGEINT), big, BigInteger.TEN);
        assertThat(text(z.getMin())).isEqualTo("-1267650600228229401496703205376");
        assertThat(text(z.getMax())).isEqualTo("10");
        z = zoneOf(DataType.of(FieldType.INT), -7, 42, 3);
        assertThat(text(z.getMin())).isEqualTo("-7");
        assertThat(text(z.getMax())).isEqualTo("42");
        assertThat(z.getHasNotNull()).isTrue();
        assertThat(z.getHasNull()).isFalse();
        assertThat(z.getPassAll()).isFalse();
    }

    @Test
    void floatSpecialsAreFlaggedNotBounds() {
        ZoneMapPB z =
                zoneOf(
                        DataType.of(FieldType.DOUBLE),
                        Double.NaN,
                        1.5,
                        Double.POSITIVE_INFINITY,
                        -2.0,
                        Double.NEGATIVE_INFINITY,
                        null);
        assertThat(text(z.getMin())).isEqualTo("-2");
        assertThat(text(z.getMax())).isEqualTo("1.5");
        assertThat(z.getHasNan()).isTrue();
        assertThat(z.getHasPositiveInf()).isTrue();
        assertThat(z.getHasNegativeInf()).isTrue();
        assertThat(z.getHasNull()).isTrue();
    }

    @Test
    void emptyZoneKeepsResetValues() {
        ZoneMapPB z = zoneOf(DataType.of(FieldType.INT), (Object) null);
        assertThat(z.getHasNotNull()).isFalse();
        assertThat(z.getHasNull()).isTrue();
        assertThat(text(z.getMin())).isEqualTo("2147483647");
        assertThat(text(z.getMax())).isEqualTo("-2147483648");
        z = zoneOf(DataType.of(FieldType.FLOAT), Float.NaN);
        assertThat(text(z.getMin())).isEqualTo("3.402823e+38");
        assertThat(text(z.getMax())).isEqualTo("-3.402823e+38");
        assertThat(z.getHasNotNull()).isTrue();
        z = zoneOf(DataType.datetimeV2(0), (Object) null);
        assertThat(text(z.getMin())).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(text(z.getMax())).isEqualTo("0000-01-01 00:00:00.000000");
    }

    @Test
    void pagesBelowThresholdArePassAllButFeedSegment() {
        DataType t = DataType.of(FieldType.BIGINT);
        ZoneMapBuilder b = new ZoneMapBuilder(t);
        ColumnVector v = ColumnVector.create(t, 40);
        for (int i = 0; i < 25; i++) {
            v.appendObject(t, (long) i);
        }
        for (int i = 0; i < 5; i++) {
            v.appendObject(t, 1000L + i);
        }
        b.add(v, 0, 25);
        ZoneMapPB p1 = b.finishPage(25);
        b.add(v, 25, 5);
        ZoneMapPB p2 = b.finishPage(5);
        assertThat(text(p1.getMin())).isEqualTo("0");
        assertThat(text(p1.getMax())).isEqualTo("24");
        assertThat(p2.getPassAll()).isTrue();
        assertThat(p2.getMin()).isEmpty();
        assertThat(p2.getMax()).isEmpty();
        assertThat(p2.getHasNotNull()).isTrue();
        ZoneMapPB seg = b.segmentZoneMap();
        assertThat(text(seg.getMin())).isEqualTo("0");
        assertThat(text(seg.getMax())).isEqualTo("1004");
        assertThat(seg.getPassAll()).isFalse();
    }

    /** Page and segment bounds over many pages equal the min/max found by sorting the values. */
    @Test
    void multiPageBoundsMatchSortedValues() throws CorruptSegmentException {
        Random r = new Random(31);
        List<DataType> types =
                List.of(
                        DataType.of(FieldType.LARGEINT),
                        DataType.varchar(16),
                        DataType.of(FieldType.DOUBLE),
                        DataType.of(FieldType.SMALLINT),
                        DataType.decimal(38, 3));
        for (DataType t : types) {
            ZoneMapBuilder b = new ZoneMapBuilder(t);
            ColumnVector all = ColumnVector.create(t, 1000);
            List<ZoneMapPB> pages = new ArrayList<>();
            List<int[]> ranges = new ArrayList<>();
            int start = 0;
            for (int p = 0; p < 12; p++) {
                int rows = p == 5 ? 0 : 1 + r.nextInt(60);
                for (int i = 0; i < rows; i++) {
                    Object o = r.nextInt(6) == 0 ? null : randomValue(t, r);
                    if (o instanceof Double
                            && (((Double) o).isNaN() || ((Double) o).isInfinite())) {
                        o = 1.25;
                    }
                    all.appendObject(t, o);
                }
                b.add(all, start, rows);
                pages.add(b.finishPage(rows));
                ranges.add(new int[] {start, start + rows});
                start += rows;
            }
            ZoneMap seg = ZoneMap.parse(b.segmentZoneMap(), t);
            checkBounds(t, seg, all, 0, start);
            for (int p = 0; p < pages.size(); p++) {
                int[] rg = ranges.get(p);
                ZoneMapPB pb = pages.get(p);
                assertThat(pb.getPassAll()).isEqualTo(rg[1] - rg[0] < 20);
                if (!pb.getPassAll()) {
                    checkBounds(t, ZoneMap.parse(pb, t), all, rg[0], rg[1]);
                }
            }
        }
    }

    private static void checkBounds(DataType t, ZoneMap z, ColumnVector v, int from, int to) {
        Object mn = null;
        Object mx = null;
        boolean nulls = false;
        for (int i = from; i < to; i++) {
            Object o = v.getObject(t, i);
            if (o == null) {
                nulls = true;
                continue;
            }
            if (mn == null || compare(t, o, mn) < 0) {
                mn = o;
            }
            if (mx == null || compare(t, o, mx) > 0) {
                mx = o;
            }
        }
        assertThat(z.hasNull()).isEqualTo(nulls);
        assertThat(z.hasNotNull()).isEqualTo(mn != null);
        if (mn == null) {
            return;
        }
        ColumnVector bounds = z.physicalBounds();
        assertThat(bounds).isNotNull();
        Object zmin = bounds.getObject(t, 0);
        Object zmax = bounds.getObject(t, 1);
        if (t.fieldType() == FieldType.DOUBLE) {
            // text keeps 16 significant digits
            assertThat((Double) zmin)
                    .isCloseTo((Double) mn, org.assertj.core.data.Percentage.withPercentage(1e-12));
            assertThat((Double) zmax)
                    .isCloseTo((Double) mx, org.assertj.core.data.Percentage.withPercentage(1e-12));
        } else {
            assertThat(compare(t, zmin, mn)).as("%s min", t).isZero();
            assertThat(compare(t, zmax, mx)).as("%s max", t).isZero();
        }
    }

    /**
     * String bounds equal a brute-force unsigned lexicographic min/max, over values built to hit
     * the builder's shortcuts: ties in the first byte, zero bytes (a zero-padded prefix), bytes
     * &ge; 0x80, the empty string, and words on both sides of 8 bytes.
     */
    @Test
    void stringBoundsMatchBruteForceUnsignedOrder() {
        DataType t = DataType.string();
        byte[] alphabet = {0, 1, 'a', 'b', (byte) 0x80, (byte) 0xFF};
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(40);
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] v = new byte[r.nextInt(12)];
                for (int j = 0; j < v.length; j++) {
                    v[j] = alphabet[r.nextInt(j == 0 ? 2 + r.nextInt(4) : alphabet.length)];
                }
                values.add(v);
            }
            byte[] mn = values.get(0);
            byte[] mx = values.get(0);
            for (byte[] v : values) {
                if (Arrays.compareUnsigned(v, mn) < 0) {
                    mn = v;
                }
                if (Arrays.compareUnsigned(v, mx) > 0) {
                    mx = v;
                }
            }
            ZoneMapPB z = zoneOf(t, values.toArray());
            assertThat(z.getMin().toByteArray()).as("round %d min", round).isEqualTo(mn);
            assertThat(z.getMax().toByteArray()).as("round %d max", round).isEqualTo(mx);
        }
    }

    @Test
    void stringsAreTruncatedAndMaxIncremented() throws CorruptSegmentException {
        DataType t = DataType.string();
        byte[] longA = new byte[600];
        Arrays.fill(longA, (byte) 'a');
        byte[] longB = new byte[600];
        Arrays.fill(longB, (byte) 'b');
        ZoneMapPB z = zoneOf(t, longA, longB, "b");
        assertThat(z.getMin().size()).isEqualTo(512);
        assertThat(z.getMin().byteAt(511)).isEqualTo((byte) 'a');
        assertThat(z.getMax().size()).isEqualTo(512);
        assertThat(z.getMax().byteAt(510)).isEqualTo((byte) 'b');
        assertThat(z.getMax().byteAt(511)).isEqualTo((byte) 'c');
        ZoneMap zm = ZoneMap.parse(z, t);
        assertThat(
                        zm.mayMatch(
                                ColumnPredicate.eq("s", new String(longB, StandardCharsets.UTF_8)),
                                t))
                .isTrue();
        assertThat(
                        zm.mayMatch(
                                ColumnPredicate.of(
                                        "s",
                                        Op.GE,
                                        new String(longB, StandardCharsets.UTF_8) + "z"),
                                t))
                .isTrue();
        assertThat(zm.mayMatch(ColumnPredicate.eq("s", "c"), t)).isFalse();
        assertThat(zm.mayMatch(ColumnPredicate.of("s", Op.LT, "a"), t)).isFalse();
        assertThat(zm.mayMatch(ColumnPredicate.of("s", Op.LE, "aaa"), t)).isFalse();
        assertThat(
                        zm.mayMatch(
                                ColumnPredicate.of(
                                        "s", Op.LE, new String(longA, StandardCharsets.UTF_8)),
                                t))
                .isTrue();

        // a writer that truncates without incrementing: values equal to the stored prefix match
        byte[] plain = new byte[512];
        Arrays.fill(plain, (byte) 'q');
        ZoneMap legacy =
                ZoneMap.parse(
                        ZoneMapPB.newBuilder()
                                .setHasNotNull(true)
                                .setMin(ByteString.copyFromUtf8("a"))
                                .setMax(ByteString.copyFrom(plain))
                                .build(),
                        t);
        byte[] longer = Arrays.copyOf(plain, 700);
        Arrays.fill(longer, 512, 700, (byte) 'z');
        assertThat(legacy.mayMatch(ColumnPredicate.eq("s", longer), t)).isTrue();
        assertThat(legacy.mayMatch(ColumnPredicate.of("s", Op.GE, plain), t)).isTrue();
        assertThat(legacy.mayMatch(ColumnPredicate.of("s", Op.GE, "r"), t)).isFalse();

        // VARCHAR(4): capped at the declared length, no increment
        ZoneMapPB v = zoneOf(DataType.varchar(4), "abcd", "ab");
        assertThat(text(v.getMax())).isEqualTo("abcd");
        assertThat(text(v.getMin())).isEqualTo("ab");

        // a 0xFF last byte wraps when incremented (as Doris); the reader still never prunes it
        byte[] ff = new byte[512];
        Arrays.fill(ff, (byte) 0xFF);
        ZoneMapPB w = zoneOf(t, ff);
        assertThat(w.getMax().byteAt(511)).isEqualTo((byte) 0);
        ZoneMap wm = ZoneMap.parse(w, t);
        assertThat(wm.mayMatch(ColumnPredicate.eq("s", ff), t)).isTrue();
    }

    @Test
    void parseRejectsMalformedText() {
        ZoneMapPB bad =
                ZoneMapPB.newBuilder()
                        .setHasNotNull(true)
                        .setMin(ByteString.copyFromUtf8("12x"))
                        .setMax(ByteString.copyFromUtf8("13"))
                        .build();
        assertThatThrownBy(() -> ZoneMap.parse(bad, DataType.of(FieldType.INT), "seg.dat", 77))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("seg.dat")
                .hasMessageContaining("77")
                .hasMessageContaining("12x");
    }

    @Test
    void nullsAndPassAll() throws CorruptSegmentException {
        DataType t = DataType.of(FieldType.INT);
        ZoneMap allNull = ZoneMap.parse(zoneOf(t, null, null), t);
        assertThat(allNull.mayMatch(ColumnPredicate.isNull("c"), t)).isTrue();
        assertThat(allNull.mayMatch(ColumnPredicate.isNotNull("c"), t)).isFalse();
        assertThat(allNull.mayMatch(ColumnPredicate.eq("c", 1), t)).isFalse();
        assertThat(allNull.mayMatch(ColumnPredicate.of("c", Op.NE, 1), t)).isFalse();
        ZoneMap noNull = ZoneMap.parse(zoneOf(t, 5, 9), t);
        assertThat(noNull.mayMatch(ColumnPredicate.isNull("c"), t)).isFalse();
        assertThat(noNull.mayMatch(ColumnPredicate.eq("c", 4), t)).isFalse();
        assertThat(noNull.mayMatch(ColumnPredicate.eq("c", 5L), t)).isTrue();
        assertThat(noNull.mayMatch(ColumnPredicate.of("c", Op.GT, 9), t)).isFalse();
        assertThat(noNull.mayMatch(ColumnPredicate.of("c", Op.GE, 9), t)).isTrue();
        assertThat(noNull.mayMatch(ColumnPredicate.of("c", Op.LT, 5), t)).isFalse();
        assertThat(noNull.mayMatch(ColumnPredicate.in("c", List.of(1, 2, 10)), t)).isFalse();
        assertThat(noNull.mayMatch(ColumnPredicate.in("c", List.of(1, 7)), t)).isTrue();
        assertThat(noNull.mayMatch(ColumnPredicate.eq("c", 1L << 40), t)).isFalse();
        ZoneMap single = ZoneMap.parse(zoneOf(t, 5, 5), t);
        assertThat(single.mayMatch(ColumnPredicate.of("c", Op.NE, 5), t)).isFalse();
        assertThat(single.mayMatch(ColumnPredicate.notIn("c", List.of(4, 5)), t)).isFalse();
        assertThat(single.mayMatch(ColumnPredicate.notIn("c", List.of(4)), t)).isTrue();
        ZoneMap pass =
                ZoneMap.parse(
                        ZoneMapPB.newBuilder().setHasNotNull(true).setPassAll(true).build(), t);
        assertThat(pass.mayMatch(ColumnPredicate.eq("c", 123), t)).isTrue();
        assertThat(noNull.physicalBounds().getObject(t, 0)).isEqualTo(5);
        assertThat(noNull.physicalBounds().getObject(t, 1)).isEqualTo(9);
    }

    @Test
    void decimalLiteralsCompareExactly() throws CorruptSegmentException {
        DataType t = DataType.decimal(15, 2);
        ZoneMap z = ZoneMap.parse(zoneOf(t, new BigDecimal("1.00"), new BigDecimal("1.01")), t);
        // 1.005 lies strictly between: > 1.005 must keep the zone (1.01 matches)
        assertThat(z.mayMatch(ColumnPredicate.of("d", Op.GT, new BigDecimal("1.005")), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.of("d", Op.GT, new BigDecimal("1.01")), t)).isFalse();
        assertThat(z.mayMatch(ColumnPredicate.of("d", Op.LT, new BigDecimal("1.001")), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.of("d", Op.LT, 1), t)).isFalse();
        // a load would store 1.005 as 1.01 (half-up): keep the zone under that reading too
        ZoneMap hi = ZoneMap.parse(zoneOf(t, new BigDecimal("1.01"), new BigDecimal("1.02")), t);
        assertThat(hi.mayMatch(ColumnPredicate.of("d", Op.LE, new BigDecimal("1.005")), t))
                .isTrue();
        assertThat(hi.mayMatch(ColumnPredicate.eq("d", new BigDecimal("1.005")), t)).isTrue();
        assertThat(hi.mayMatch(ColumnPredicate.of("d", Op.LE, new BigDecimal("1.004")), t))
                .isFalse();
        // a double literal 12.34 is not exactly 12.34: still matches a zone holding 12.34
        ZoneMap one = ZoneMap.parse(zoneOf(t, new BigDecimal("12.34")), t);
        assertThat(one.mayMatch(ColumnPredicate.eq("d", 12.34), t)).isTrue();
        assertThat(one.mayMatch(ColumnPredicate.of("d", Op.NE, new BigDecimal("12.340")), t))
                .isFalse();
        assertThat(one.mayMatch(ColumnPredicate.of("d", Op.NE, new BigDecimal("12.344")), t))
                .isTrue();
        // DATETIMEV2(0): a literal with a fraction is truncated by a load
        DataType dt = DataType.datetimeV2(0);
        ZoneMap dz = ZoneMap.parse(zoneOf(dt, LocalDateTime.of(2024, 1, 1, 10, 0, 0)), dt);
        assertThat(
                        dz.mayMatch(
                                ColumnPredicate.eq(
                                        "t", LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000)),
                                dt))
                .isTrue();
        assertThat(dz.mayMatch(ColumnPredicate.eq("t", LocalDateTime.of(2024, 1, 1, 10, 0, 1)), dt))
                .isFalse();
    }

    // ---- property: mayMatch never false for a matching value
    // --------------------------------------

    @Test
    void mayMatchNeverPrunesAMatchingRow() throws CorruptSegmentException {
        Random r = new Random(2024);
        List<DataType> types =
                List.of(
                        DataType.of(FieldType.TINYINT),
                        DataType.of(FieldType.INT),
                        DataType.of(FieldType.BIGINT),
                        DataType.of(FieldType.LARGEINT),
                        DataType.of(FieldType.FLOAT),
                        DataType.of(FieldType.DOUBLE),
                        DataType.decimal(9, 3),
                        DataType.decimal(18, 4),
                        DataType.decimal(38, 6),
                        DataType.of(FieldType.DATEV2),
                        DataType.datetimeV2(6),
                        DataType.charType(8),
                        DataType.varchar(20),
                        DataType.string(),
                        DataType.of(FieldType.BOOLEAN));
        Op[] ops = {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE};
        for (DataType t : types) {
            for (int round = 0; round < 60; round++) {
                int n = 1 + r.nextInt(30);
                List<Object> vals = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    vals.add(r.nextInt(8) == 0 ? null : randomValue(t, r));
                }
                ZoneMap z = ZoneMap.parse(zoneOf(t, vals.toArray()), t);
                ColumnVector vec = ColumnVector.create(t, n);
                for (Object o : vals) {
                    vec.appendObject(t, o);
                }
                for (int i = 0; i < n; i++) {
                    Object row = vec.getObject(t, i);
                    if (row == null) {
                        assertThat(z.mayMatch(ColumnPredicate.isNull("c"), t)).isTrue();
                        continue;
                    }
                    assertThat(z.mayMatch(ColumnPredicate.isNotNull("c"), t)).isTrue();
                    for (int k = 0; k < 4; k++) {
                        Object lit = k == 0 ? row : vec.getObject(t, r.nextInt(n));
                        if (lit == null) {
                            lit = randomValue(t, r);
                        }
                        List<Object> lits = new ArrayList<>(List.of(lit));
                        if (lit instanceof BigDecimal) {
                            // literals finer than the column scale
                            lits.add(((BigDecimal) lit).add(new BigDecimal("0.0000001")));
                            lits.add(((BigDecimal) lit).subtract(new BigDecimal("0.0000001")));
                        } else if (lit instanceof Float) {
                            lits.add(((Float) lit).doubleValue()); // a Double literal on FLOAT
                        }
                        for (Object l : lits) {
                            checkOps(z, t, row, l, ops);
                        }
                    }
                }
            }
        }
    }

    private static void checkOps(ZoneMap z, DataType t, Object row, Object lit, Op[] ops) {
        for (Op op : ops) {
            if (matches(t, row, op, lit)) {
                assertThat(z.mayMatch(ColumnPredicate.of("c", op, lit), t))
                        .as("%s: row %s %s %s in %s", t, row, op.symbol, lit, z)
                        .isTrue();
                if (op == Op.EQ) {
                    assertThat(z.mayMatch(ColumnPredicate.in("c", List.of(lit)), t)).isTrue();
                }
            }
        }
    }

    private static boolean matches(DataType t, Object row, Op op, Object lit) {
        int c = compare(t, row, lit);
        switch (op) {
            case EQ:
                return c == 0;
            case NE:
                return c != 0;
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            default:
                return c >= 0;
        }
    }

    @SuppressWarnings("unchecked")
    private static int compare(DataType t, Object a, Object b) {
        if (a instanceof String) {
            byte[] x = ((String) a).getBytes(StandardCharsets.UTF_8);
            byte[] y = ((String) b).getBytes(StandardCharsets.UTF_8);
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof BigDecimal) {
            return ((BigDecimal) a).compareTo((BigDecimal) b);
        }
        if (a instanceof Float || a instanceof Double) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return x < y ? -1 : (x > y ? 1 : (x == y ? 0 : Double.compare(x, y)));
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    private static Object randomValue(DataType t, Random r) {
        switch (t.fieldType()) {
            case BOOLEAN:
                return r.nextBoolean();
            case TINYINT:
                return (byte) r.nextInt();
            case SMALLINT:
                return (short) r.nextInt();
            case INT:
                return r.nextInt(2000) - 1000;
            case BIGINT:
                return r.nextLong() >> r.nextInt(64);
            case LARGEINT:
                return new BigInteger(120, r).subtract(BigInteger.ONE.shiftLeft(119));
            case FLOAT:
                {
                    int k = r.nextInt(20);
                    if (k == 0) {
                        return Float.NaN;
                    }
                    if (k == 1) {
                        return r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    }
                    if (k == 2) {
                        return r.nextBoolean() ? -0f : 0f;
                    }
                    return (float) (r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30));
                }
            case DOUBLE:
                {
                    int k = r.nextInt(20);
                    if (k == 0) {
                        return Double.NaN;
                    }
                    if (k == 1) {
                        return r.nextBoolean()
                                ? Double.POSITIVE_INFINITY
                                : Double.NEGATIVE_INFINITY;
                    }
                    if (k == 2) {
                        return r.nextBoolean() ? -0.0 : 0.0;
                    }
                    return r.nextGaussian() * Math.pow(10, r.nextInt(600) - 300);
                }
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                {
                    int digits = t.precision() - 1;
                    BigInteger u = new BigInteger(Math.min(60, digits * 3), r);
                    if (r.nextBoolean()) {
                        u = u.negate();
                    }
                    return new BigDecimal(u, t.scale());
                }
            case DATEV2:
                return LocalDate.of(1 + r.nextInt(9999), 1 + r.nextInt(12), 1 + r.nextInt(28));
            case DATETIMEV2:
                return LocalDateTime.of(
                        1 + r.nextInt(9999),
                        1 + r.nextInt(12),
                        1 + r.nextInt(28),
                        r.nextInt(24),
                        r.nextInt(60),
                        r.nextInt(60),
                        r.nextInt(1_000_000) * 1000);
            default:
                {
                    int max = t.fieldType() == FieldType.STRING ? 700 : t.length();
                    int len =
                            r.nextInt(4) == 0
                                    ? r.nextInt(max + 1)
                                    : r.nextInt(Math.min(max, 4) + 1);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < len; i++) {
                        sb.append((char) ('a' + r.nextInt(3)));
                    }
                    return sb.toString();
                }
        }
    }

    @Test
    void floatBoundsAreWidenedForTextRounding() throws CorruptSegmentException {
        DataType t = DataType.of(FieldType.FLOAT);
        float x = 1.23456789f; // text "1.234568" rounds up
        float y = 9.87654321f; // text "9.876543" rounds down
        FloatVector v = new FloatVector(2);
        v.append(x);
        v.append(y);
        ZoneMapBuilder b = new ZoneMapBuilder(t);
        b.add(v, 0, 2);
        ZoneMap z = ZoneMap.parse(b.segmentZoneMap(), t);
        assertThat(z.mayMatch(ColumnPredicate.eq("f", x), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.eq("f", y), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.of("f", Op.GE, y), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.of("f", Op.LE, x), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.eq("f", 100f), t)).isFalse();
        DoubleVector nan = new DoubleVector(1);
        nan.append(Double.NaN);
        ZoneMapBuilder nb = new ZoneMapBuilder(DataType.of(FieldType.DOUBLE));
        nb.add(nan, 0, 1);
        ZoneMap nz = ZoneMap.parse(nb.segmentZoneMap(), DataType.of(FieldType.DOUBLE));
        assertThat(
                        nz.mayMatch(
                                ColumnPredicate.of("d", Op.GT, 1e300),
                                DataType.of(FieldType.DOUBLE)))
                .isTrue();
        assertThat(nz.mayMatch(ColumnPredicate.eq("d", 1.0), DataType.of(FieldType.DOUBLE)))
                .isFalse();
    }

    @Test
    void legacyFloatTextWithInfAndNanNeverPrunesWrongly() throws CorruptSegmentException {
        DataType t = DataType.of(FieldType.DOUBLE);
        ZoneMap nan =
                ZoneMap.parse(
                        ZoneMapPB.newBuilder()
                                .setHasNotNull(true)
                                .setMin(ByteString.copyFromUtf8("nan"))
                                .setMax(ByteString.copyFromUtf8("1.5"))
                                .build(),
                        t);
        assertThat(nan.mayMatch(ColumnPredicate.eq("d", -1e300), t)).isTrue();
        assertThat(nan.mayMatch(ColumnPredicate.eq("d", 1e300), t)).isTrue();
        ZoneMap inf =
                ZoneMap.parse(
                        ZoneMapPB.newBuilder()
                                .setHasNotNull(true)
                                .setMin(ByteString.copyFromUtf8("-inf"))
                                .setMax(ByteString.copyFromUtf8("inf"))
                                .build(),
                        t);
        assertThat(inf.mayMatch(ColumnPredicate.eq("d", 42.0), t)).isTrue();
        ZoneMap fin =
                ZoneMap.parse(
                        ZoneMapPB.newBuilder()
                                .setHasNotNull(true)
                                .setMin(ByteString.copyFromUtf8("1"))
                                .setMax(ByteString.copyFromUtf8("inf"))
                                .build(),
                        t);
        assertThat(fin.mayMatch(ColumnPredicate.of("d", Op.GT, 1e308), t)).isTrue();
        assertThat(fin.mayMatch(ColumnPredicate.of("d", Op.LT, 0.5), t)).isFalse();
        assertThatThrownBy(
                        () ->
                                ZoneMap.parse(
                                        ZoneMapPB.newBuilder()
                                                .setHasNotNull(true)
                                                .setMin(ByteString.copyFromUtf8("1d"))
                                                .setMax(ByteString.copyFromUtf8("2"))
                                                .build(),
                                        t))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void charComparesWithoutPadding() throws CorruptSegmentException {
        DataType t = DataType.charType(6);
        BytesVector v = new BytesVector(2, 8);
        v.append("ab");
        v.append("abc");
        ZoneMapBuilder b = new ZoneMapBuilder(t);
        b.add(v, 0, 2);
        ZoneMapPB pb = b.segmentZoneMap();
        // CHAR bounds are written zero-padded to the declared length, as Doris stores CHAR
        assertThat(pb.getMin().toByteArray()).containsExactly('a', 'b', 0, 0, 0, 0);
        assertThat(pb.getMax().toByteArray()).containsExactly('a', 'b', 'c', 0, 0, 0);
        ZoneMap z = ZoneMap.parse(pb, t);
        assertThat(z.mayMatch(ColumnPredicate.eq("c", "ab"), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.eq("c", "abc\0\0\0"), t)).isTrue();
        assertThat(z.mayMatch(ColumnPredicate.eq("c", "abd"), t)).isFalse();
    }
}
