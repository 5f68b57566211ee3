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

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCoderTest {
    /**
     * The Doris golden file lives in the project's shared folder beside the repository ({@code
     * ../shared/fixtures/doris}), not in the repository: it is Doris's data, not ours. Found by
     * walking up from the working directory; {@code -Dstrata.doris.fixtures=DIR} overrides.
     */
    static final Path FIXTURE = locateFixture("key_coder_test.dat");

    static Path locateFixture(String name) {
        String override = System.getProperty("strata.doris.fixtures");
        if (override != null) {
            return Path.of(override, name);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/fixtures/doris").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Doris fixture "
                        + name
                        + " not found in shared/fixtures/doris above "
                        + Path.of("").toAbsolutePath()
                        + " (set -Dstrata.doris.fixtures=DIR)");
    }

    private static byte[] full(DataType t, ColumnVector v, int row) {
        KeyBuffer b = new KeyBuffer(4);
        KeyCoder.encodeFull(t, v, row, b);
        return b.toByteArray();
    }

    /** Reproduces every record of Doris's key_coder_test.dat whose type Strata supports. */
    @Test
    void reproducesDorisGoldenFixture() throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(FIXTURE)).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, Integer> checked = new HashMap<>();
        int total = 0;
        int skipped = 0;
        while (in.hasRemaining()) {
            int typeId = in.get() & 0xFF;
            boolean isString = typeId == 13 || typeId == 17 || typeId == 26;
            long indexSize = isString ? in.getLong() : -1;
            byte[] value = new byte[(int) in.getLong()];
            in.get(value);
            byte[] expected = new byte[(int) in.getLong()];
            in.get(expected);
            total++;
            FieldType ft;
            try {
                ft = FieldType.fromId(typeId);
            } catch (IllegalArgumentException e) {
                skipped++;
                continue;
            }
            byte[] actual =
                    isString ? encodeString(value, (int) indexSize) : encodeFixed(ft, value);
            assertThat(actual)
                    .as("type %s value %s", ft, Arrays.toString(value))
                    .isEqualTo(expected);
            checked.merge(typeId, 1, Integer::sum);
        }
        // 204 records: 36 of types Strata does not support (DECIMALV2, UNSIGNED_INT/BIGINT,
        // DATE, DATETIME, DECIMAL256, IPV4, IPV6).
        assertThat(total).isEqualTo(204);
        assertThat(skipped).isEqualTo(36);
        assertThat(checked.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(168);
        assertThat(checked.keySet())
                .containsExactlyInAnyOrder(
                        1, 3, 5, 7, 9, 10, 11, 13, 17, 24, 26, 28, 29, 31, 32, 33);
    }

    private static byte[] encodeString(byte[] value, int indexSize) {
        // Doris encode_ascending on a slice: first min(index_size, len) bytes; check both entry
        // points (raw bytes and a VARCHAR vector through encodeShort).
        KeyBuffer a = new KeyBuffer(1);
        KeyCoder.encodeAscendingBytes(value, 0, value.length, indexSize, a);
        BytesVector v = new BytesVector(1, 16);
        v.append(value);
        KeyBuffer b = new KeyBuffer(1);
        KeyCoder.encodeShort(DataType.string(), indexSize, v, 0, b);
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
        return a.toByteArray();
    }

    private static byte[] encodeFixed(FieldType ft, byte[] value) {
        ByteBuffer le = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        DataType t = DataType.of(ft);
        assertThat(value.length).isEqualTo(ft.fixedSize);
        ColumnVector v = ColumnVector.create(t, 1);
        switch (ft) {
            case BOOLEAN:
            case TINYINT:
                ((ByteVector) v).append(le.get());
                break;
            case SMALLINT:
                ((ShortVector) v).append(le.getShort());
                break;
            case INT:
            case DATEV2:
            case DECIMAL32:
                ((IntVector) v).append(le.getInt());
                break;
            case BIGINT:
            case DATETIMEV2:
            case DECIMAL64:
                ((LongVector) v).append(le.getLong());
                break;
            case LARGEINT:
            case DECIMAL128I:
                {
                    long lo = le.getLong();
                    long hi = le.getLong();
                    ((Int128Vector) v).append(hi, lo);
                    break;
                }
            case FLOAT:
                ((FloatVector) v).append(le.getFloat());
                break;
            case DOUBLE:
                ((DoubleVector) v).append(le.getDouble());
                break;
            default:
                throw new AssertionError(ft);
        }
        return full(t, v, 0);
    }

    @Test
    void charIsZeroPaddedAndShortTruncates() {
        DataType t = DataType.charType(5);
        BytesVector v = new BytesVector(1, 8);
        v.append("ab");
        assertThat(full(t, v, 0)).containsExactly('a', 'b', 0, 0, 0);
        KeyBuffer b = new KeyBuffer();
        KeyCoder.encodeShort(t, 3, v, 0, b);
        assertThat(b.toByteArray()).containsExactly('a', 'b', 0);
        b.reset();
        KeyCoder.encodeShort(DataType.varchar(10), 3, v, 0, b);
        assertThat(b.toByteArray()).containsExactly('a', 'b');
    }

    @Test
    void externalValuesEncodeLikeVectors() {
        KeyBuffer b = new KeyBuffer();
        KeyCoder.encodeFull(DataType.decimal(15, 2), new BigDecimal("12.34"), b);
        assertThat(b.toByteArray()).containsExactly(0x80, 0, 0, 0, 0, 0, 0x04, 0xD2);
        b.reset();
        KeyCoder.encodeFull(DataType.of(FieldType.DATEV2), LocalDate.of(2024, 1, 31), b);
        int d = (2024 << 9) | (1 << 5) | 31;
        assertThat(b.toByteArray())
                .containsExactly(d >>> 24, (d >>> 16) & 0xFF, (d >>> 8) & 0xFF, d & 0xFF);
        b.reset();
        KeyCoder.encodeFull(DataType.of(FieldType.INT), -1, b);
        assertThat(b.toByteArray()).containsExactly(0x7F, 0xFF, 0xFF, 0xFF);
        assertThatThrownBy(
                        () ->
                                KeyCoder.encodeFull(
                                        DataType.of(FieldType.TINYINT), 300, new KeyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("300");
    }

    // ---- ordering properties -----------------------------------------------------------------

    private static void assertOrderPreserved(DataType t, ColumnVector v) {
        int n = v.size();
        byte[][] enc = new byte[n][];
        for (int i = 0; i < n; i++) {
            enc[i] = full(t, v, i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int expected = Integer.signum(v.compare(i, v, j));
                int actual = Integer.signum(Arrays.compareUnsigned(enc[i], enc[j]));
                if (expected != actual) {
                    throw new AssertionError(
                            t
                                    + " rows "
                                    + v.getObject(t, i)
                                    + " vs "
                                    + v.getObject(t, j)
                                    + ": expected "
                                    + expected
                                    + " got "
                                    + actual);
                }
            }
        }
    }

    @Test
    void integerAndDecimalOrder() {
        Random r = new Random(42);
        ShortVector s = new ShortVector(200);
        IntVector iv = new IntVector(200);
        LongVector lv = new LongVector(200);
        Int128Vector xv = new Int128Vector(200);
        ByteVector bv = new ByteVector(200);
        for (int i = 0; i < 200; i++) {
            s.append((short) r.nextInt());
            iv.append(
                    i < 4
                            ? new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1}[i]
                            : r.nextInt());
            lv.append(
                    i < 3
                            ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1}[i]
                            : r.nextLong() >> r.nextInt(64));
            xv.append(
                    new BigInteger(127, r)
                            .subtract(BigInteger.ONE.shiftLeft(126))
                            .shiftRight(r.nextInt(127)));
            bv.append((byte) r.nextInt());
        }
        assertOrderPreserved(DataType.of(FieldType.SMALLINT), s);
        assertOrderPreserved(DataType.of(FieldType.INT), iv);
        assertOrderPreserved(DataType.decimal(9, 2), iv);
        assertOrderPreserved(DataType.of(FieldType.BIGINT), lv);
        assertOrderPreserved(DataType.of(FieldType.LARGEINT), xv);
        assertOrderPreserved(DataType.decimal(38, 10), xv);
        assertOrderPreserved(DataType.of(FieldType.TINYINT), bv);
    }

    @Test
    void floatOrderIncludesSpecials() {
        Random r = new Random(7);
        DoubleVector d = new DoubleVector(200);
        FloatVector f = new FloatVector(200);
        double[] specials = {
            Double.NEGATIVE_INFINITY,
            -Double.MAX_VALUE,
            -1.5,
            -Double.MIN_VALUE,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            1.5,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        };
        for (double x : specials) {
            d.append(x);
            f.append((float) x);
        }
        for (int i = 0; i < 150; i++) {
            double x = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(x)) {
                continue;
            }
            d.append(x);
            f.append(
                    i % 2 == 0
                            ? Float.intBitsToFloat(r.nextInt())
                            : (float) (r.nextGaussian() * 1e6));
        }
        assertOrderPreservedNumeric(DataType.of(FieldType.DOUBLE), d);
        assertOrderPreservedNumeric(DataType.of(FieldType.FLOAT), f);
        // -0 sorts strictly before +0, NaN (any payload) after +Inf and all NaNs encode alike
        DoubleVector s = new DoubleVector(4);
        s.append(-0.0);
        s.append(0.0);
        s.append(Double.POSITIVE_INFINITY);
        s.append(Double.longBitsToDouble(0xfff0000000000123L));
        s.append(Double.NaN);
        DataType dt = DataType.of(FieldType.DOUBLE);
        assertThat(Arrays.compareUnsigned(full(dt, s, 0), full(dt, s, 1))).isNegative();
        assertThat(Arrays.compareUnsigned(full(dt, s, 2), full(dt, s, 3))).isNegative();
        assertThat(full(dt, s, 3)).isEqualTo(full(dt, s, 4));
    }

    private static void assertOrderPreservedNumeric(DataType t, ColumnVector v) {
        int n = v.size();
        for (int i = 0; i < n; i++) {
            double a = ((Number) v.getObject(t, i)).doubleValue();
            byte[] ea = full(t, v, i);
            for (int j = 0; j < n; j++) {
                double b = ((Number) v.getObject(t, j)).doubleValue();
                int expected = Double.compare(a, b); // total order: -0 < +0, NaN last
                int actual = Arrays.compareUnsigned(ea, full(t, v, j));
                assertThat(Integer.signum(actual))
                        .as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(expected));
            }
        }
    }

    @Test
    void stringAndDateOrder() {
        Random r = new Random(3);
        BytesVector s = new BytesVector(100, 100);
        IntVector dates = new IntVector(100);
        LongVector dts = new LongVector(100);
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[r.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                b[k] =
                        (byte)
                                (r.nextInt(4)
                                        * 85); // 0x00, 0x55, 0xAA, 0xFF: exercises unsigned order
            }
            s.append(b);
            LocalDateTime t =
                    LocalDateTime.of(
                            1 + r.nextInt(9999),
                            1 + r.nextInt(12),
                            1 + r.nextInt(28),
                            r.nextInt(24),
                            r.nextInt(60),
                            r.nextInt(60),
                            r.nextInt(1_000_000) * 1000);
            dates.appendObject(DataType.of(FieldType.DATEV2), t.toLocalDate());
            dts.appendObject(DataType.datetimeV2(6), t);
        }
        assertOrderPreserved(DataType.string(), s);
        assertOrderPreserved(DataType.of(FieldType.DATEV2), dates);
        assertOrderPreserved(DataType.datetimeV2(6), dts);
    }
}
