package io.strata.engine.segment.index;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BloomFilterTest {
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger C1 = new BigInteger("87c37b91114253d5", 16);
    private static final BigInteger C2 = new BigInteger("4cf5ad432745937f", 16);

    private static BigInteger rotl(BigInteger x, int r) {
        return x.shiftLeft(r).or(x.shiftRight(64 - r)).and(MASK64);
    }

    private static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).and(MASK64);
    }

    private static BigInteger fmix(BigInteger k) {
        k = k.xor(k.shiftRight(33));
        k = mul(k, new BigInteger("ff51afd7ed558ccd", 16));
        k = k.xor(k.shiftRight(33));
        k = mul(k, new BigInteger("c4ceb9fe1a85ec53", 16));
        return k.xor(k.shiftRight(33));
    }

    /** Deliberately naive Doris murmur_hash3_x64_64 in unsigned BigInteger arithmetic. */
    static long naiveMurmur(byte[] data, long seed) {
        BigInteger h = BigInteger.valueOf(seed).and(MASK64);
        int nblocks = data.length / 8;
        for (int i = 0; i < nblocks; i++) {
            BigInteger k = BigInteger.ZERO;
            for (int j = 7; j >= 0; j--) {
                k = k.shiftLeft(8).or(BigInteger.valueOf(data[i * 8 + j] & 0xFF));
            }
            k = mul(k, C1);
            k = rotl(k, 31);
            k = mul(k, C2);
            h = h.xor(k);
            h = rotl(h, 27);
            h = h.multiply(BigInteger.valueOf(5)).add(BigInteger.valueOf(0x52dce729)).and(MASK64);
        }
        int tail = data.length % 8;
        if (tail > 0) {
            BigInteger k = BigInteger.ZERO;
            for (int j = tail - 1; j >= 0; j--) {
                k = k.shiftLeft(8).or(BigInteger.valueOf(data[nblocks * 8 + j] & 0xFF));
            }
            k = mul(k, C1);
            k = rotl(k, 31);
            k = mul(k, C2);
            h = h.xor(k);
        }
        h = h.xor(BigInteger.valueOf(data.length));
        return fmix(h).longValue();
    }

    @Test
    void murmurMatchesNaiveImplementation() {
        Random r = new Random(11);
        for (int len = 0; len <= 40; len++) {
            for (int rep = 0; rep < 5; rep++) {
                byte[] b = new byte[len + 3];
                r.nextBytes(b);
                byte[] exact = java.util.Arrays.copyOfRange(b, 2, 2 + len);
                long seed = rep == 0 ? BloomFilter.DEFAULT_SEED : r.nextLong();
                assertThat(BloomFilter.murmur3x64_64(b, 2, len, seed))
                        .as("len %d", len)
                        .isEqualTo(naiveMurmur(exact, seed));
            }
        }
        // empty input with seed 0: fmix64(0) = 0
        assertThat(BloomFilter.murmur3x64_64(new byte[0], 0, 0, 0)).isZero();
    }

    @Test
    void typedHashesEqualHashOfLittleEndianBytes() {
        Random r = new Random(5);
        for (int i = 0; i < 100; i++) {
            long v = r.nextLong();
            byte[] le8 = new byte[8];
            for (int k = 0; k < 8; k++) {
                le8[k] = (byte) (v >>> (8 * k));
            }
            long seed = BloomFilter.DEFAULT_SEED;
            assertThat(BloomFilterBuilder.hashLong(v)).isEqualTo(naiveMurmur(le8, seed));
            assertThat(BloomFilterBuilder.hashInt((int) v))
                    .isEqualTo(naiveMurmur(java.util.Arrays.copyOf(le8, 4), seed));
            assertThat(BloomFilterBuilder.hashShort((short) v))
                    .isEqualTo(naiveMurmur(java.util.Arrays.copyOf(le8, 2), seed));
            assertThat(BloomFilterBuilder.hashByte((byte) v))
                    .isEqualTo(naiveMurmur(java.util.Arrays.copyOf(le8, 1), seed));
        }
    }

    @Test
    void optimalBitNumFollowsDorisRule() {
        assertThat(BloomFilterBuilder.optimalBitNum(0, 0.05)).isEqualTo(256);
        assertThat(BloomFilterBuilder.optimalBitNum(1, 0.05)).isEqualTo(256);
        // 1000 values at 5%: -8000 / ln(1 - 0.05^(1/8)) = 6874.9 -> 8192
        assertThat(BloomFilterBuilder.optimalBitNum(1000, 0.05)).isEqualTo(8192);
        assertThat(BloomFilterBuilder.optimalBitNum(2_000_000_000L, 0.01)).isEqualTo(1L << 30);
    }

    /** Golden bits of a 32-byte filter holding one INT, derived with the naive hash. */
    @Test
    void goldenBitPositionsOfTinyFilter() {
        int value = 123456;
        byte[] le = {
            (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
        };
        long h = naiveMurmur(le, BloomFilter.DEFAULT_SEED);
        long key = h & 0xFFFFFFFFL; // one block: block index is 0
        long[] salt = {
            0x47b6137bL, 0x44974d91L, 0x8824ad5bL, 0xa2b7289dL,
            0x705495c7L, 0x2df1424bL, 0x9efc4947L, 0x5c6bfb31L
        };
        byte[] expected = new byte[33];
        for (int i = 0; i < 8; i++) {
            long bit = ((key * salt[i]) % (1L << 32)) / (1L << 27);
            // word i, little-endian
            expected[4 * i + (int) (bit / 8)] |= (byte) (1 << (bit % 8));
        }
        IntVector v = new IntVector(2);
        v.append(value);
        v.appendNull();
        BloomFilterBuilder b = new BloomFilterBuilder(0.05);
        b.add(v, DataType.of(FieldType.INT), 0, 2);
        expected[32] = 1; // has-null
        assertThat(b.finishPage()).isEqualTo(expected);
    }

    @Test
    void noFalseNegativesAndFppNearTarget() throws CorruptSegmentException {
        Random r = new Random(99);
        DataType t = DataType.of(FieldType.BIGINT);
        LongVector v = new LongVector(10000);
        Set<Long> added = new HashSet<>();
        for (int i = 0; i < 10000; i++) {
            long x = r.nextLong();
            v.append(x);
            added.add(x);
        }
        BloomFilterBuilder b = new BloomFilterBuilder(0.05);
        b.add(v, t, 0, v.size());
        BloomFilter f = BloomFilter.of(b.finishPage());
        assertThat(f.hasNull()).isFalse();
        for (long x : added) {
            assertThat(f.mightContain(t, x)).isTrue();
        }
        int fp = 0;
        int trials = 100000;
        for (int i = 0; i < trials; i++) {
            long x = r.nextLong();
            if (!added.contains(x) && f.mightContain(t, x)) {
                fp++;
            }
        }
        double rate = fp / (double) trials;
        // sized for 5%, rounded up to a power of two: the rate is at most near the target
        assertThat(rate).isLessThan(0.06).isGreaterThan(0.0005);
    }

    @Test
    void stringsDecimalsLargeintAndRawBytes() throws CorruptSegmentException {
        DataType ch = DataType.charType(6);
        BytesVector cv = new BytesVector(4, 16);
        cv.append("ab");
        cv.append("abcdef");
        BloomFilterBuilder b = new BloomFilterBuilder(0.01);
        b.add(cv, ch, 0, 2);
        BloomFilter f = BloomFilter.of(b.finishPage());
        assertThat(f.mightContain(ch, "ab")).isTrue();
        assertThat(f.mightContain(ch, "abcdef")).isTrue();
        // CHAR is hashed zero-padded: the raw padded bytes are in the filter
        byte[] padded = {'a', 'b', 0, 0, 0, 0};
        assertThat(f.mightContainBytes(padded, 0, 6)).isTrue();

        DataType dec = DataType.decimal(38, 4);
        DataType li = DataType.of(FieldType.LARGEINT);
        ColumnVector dv = ColumnVector.create(dec, 4);
        ColumnVector lv = ColumnVector.create(li, 4);
        Random r = new Random(1);
        BigInteger[] vals = new BigInteger[50];
        for (int i = 0; i < 50; i++) {
            vals[i] = new BigInteger(100, r).subtract(BigInteger.ONE.shiftLeft(99));
            dv.appendObject(dec, new BigDecimal(vals[i], 4));
            lv.appendObject(li, vals[i]);
        }
        b.add(dv, dec, 0, 50);
        BloomFilter fd = BloomFilter.of(b.finishPage());
        b.add(lv, li, 0, 50);
        BloomFilter fl = BloomFilter.of(b.finishPage());
        for (BigInteger x : vals) {
            assertThat(fd.mightContain(dec, new BigDecimal(x, 4))).isTrue();
            assertThat(fl.mightContain(li, x)).isTrue();
            // LARGEINT hashes its 16 little-endian bytes
            byte[] le = new byte[16];
            byte[] be = x.toByteArray();
            for (int i = 0; i < 16; i++) {
                int src = be.length - 1 - i;
                le[i] = src >= 0 ? be[src] : (byte) (x.signum() < 0 ? 0xFF : 0);
            }
            assertThat(fl.mightContainBytes(le, 0, 16)).isTrue();
        }

        for (int i = 0; i < 3000; i++) {
            byte[] k = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            b.addBytes(k, 0, k.length);
        }
        assertThat(b.numValues()).isEqualTo(3000);
        BloomFilter pk = BloomFilter.of(b.finishPage());
        assertThat(pk.numBytes())
                .isEqualTo((int) (BloomFilterBuilder.optimalBitNum(3000, 0.01) / 8));
        for (int i = 0; i < 3000; i++) {
            byte[] k = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(pk.mightContainBytes(k, 0, k.length)).isTrue();
        }
    }

    /** Batch hashing in the builder agrees with the reader's per-value hashing for every type. */
    @Test
    void everyTypeHasNoFalseNegatives() throws CorruptSegmentException {
        Random r = new Random(17);
        for (FieldType ft : FieldType.values()) {
            DataType t =
                    ft == FieldType.CHAR
                            ? DataType.charType(12)
                            : ft == FieldType.VARCHAR ? DataType.varchar(12) : DataType.of(ft);
            ColumnVector v = ColumnVector.create(t, 300);
            for (int i = 0; i < 300; i++) {
                if (i % 50 == 7) {
                    v.appendNull();
                    continue;
                }
                switch (ft) {
                    case BOOLEAN:
                        v.appendObject(t, r.nextBoolean());
                        break;
                    case TINYINT:
                        v.appendObject(t, (byte) r.nextInt());
                        break;
                    case SMALLINT:
                        v.appendObject(t, (short) r.nextInt());
                        break;
                    case INT:
                        v.appendObject(t, r.nextInt());
                        break;
                    case BIGINT:
                        v.appendObject(t, r.nextLong());
                        break;
                    case LARGEINT:
                        v.appendObject(t, new BigInteger(126, r).negate());
                        break;
                    case FLOAT:
                        v.appendObject(t, (float) r.nextGaussian());
                        break;
                    case DOUBLE:
                        v.appendObject(t, r.nextGaussian());
                        break;
                    case DATEV2:
                        v.appendObject(t, java.time.LocalDate.ofEpochDay(r.nextInt(100000)));
                        break;
                    case DATETIMEV2:
                        v.appendObject(
                                t,
                                java.time.LocalDateTime.of(
                                        2000 + r.nextInt(50),
                                        1 + r.nextInt(12),
                                        1 + r.nextInt(28),
                                        r.nextInt(24),
                                        r.nextInt(60)));
                        break;
                    case DECIMAL32:
                    case DECIMAL64:
                    case DECIMAL128I:
                        v.appendObject(t, BigDecimal.valueOf(r.nextInt(1_000_000) - 500_000));
                        break;
                    default:
                        v.appendObject(t, Long.toString(r.nextLong() & 0xFFFFFFFFFFL, 36));
                }
            }
            BloomFilterBuilder b = new BloomFilterBuilder(0.05);
            b.add(v, t, 0, 150);
            b.add(v, t, 150, 150);
            BloomFilter f = BloomFilter.of(b.finishPage());
            assertThat(f.hasNull()).isTrue();
            for (int i = 0; i < 300; i++) {
                Object o = v.getObject(t, i);
                if (o != null) {
                    assertThat(f.mightContain(t, o)).as("%s %s", t, o).isTrue();
                }
            }
        }
    }

    @Test
    void predicatePruning() throws CorruptSegmentException {
        DataType t = DataType.varchar(20);
        ColumnVector v = ColumnVector.create(t, 4);
        v.appendObject(t, "alpha");
        v.appendObject(t, "beta");
        BloomFilterBuilder b = new BloomFilterBuilder(0.0001);
        b.add(v, t, 0, 2);
        BloomFilter f = BloomFilter.of(b.finishPage());
        assertThat(f.mayMatch(io.strata.engine.read.ColumnPredicate.eq("s", "alpha"), t)).isTrue();
        assertThat(
                        f.mayMatch(
                                io.strata.engine.read.ColumnPredicate.in(
                                        "s", java.util.List.of("x", "beta")),
                                t))
                .isTrue();
        assertThat(f.mayMatch(io.strata.engine.read.ColumnPredicate.isNull("s"), t)).isFalse();
        assertThat(f.mayMatch(io.strata.engine.read.ColumnPredicate.isNotNull("s"), t)).isTrue();
        // with 256 bits and two values, these absent literals are (deterministically) rejected
        int rejected = 0;
        for (int i = 0; i < 100; i++) {
            if (!f.mayMatch(io.strata.engine.read.ColumnPredicate.eq("s", "gamma" + i), t)) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(90);
    }

    @Test
    void signedZeroAndNanAreNeverFalseNegatives() throws CorruptSegmentException {
        DataType t = DataType.of(FieldType.DOUBLE);
        DoubleVector v = new DoubleVector(2);
        v.append(-0.0);
        v.append(Double.NaN);
        BloomFilterBuilder b = new BloomFilterBuilder(0.05);
        b.add(v, t, 0, 2);
        BloomFilter f = BloomFilter.of(b.finishPage());
        assertThat(f.mightContain(t, 0.0)).isTrue();
        assertThat(f.mightContain(t, Double.NaN)).isTrue();
    }

    @Test
    void rejectsMalformedFilters() {
        assertThatThrownBy(() -> BloomFilter.of(new byte[20], "f.dat", 100))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("f.dat")
                .hasMessageContaining("100");
        assertThatThrownBy(() -> BloomFilter.of(new byte[49]))
                .isInstanceOf(CorruptSegmentException.class);
        byte[] badNull = new byte[33];
        badNull[32] = 7;
        assertThatThrownBy(() -> BloomFilter.of(badNull))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void int128VectorUsedDirectly() {
        Int128Vector v = new Int128Vector(1);
        v.append(-1L, -1L);
        byte[] all = new byte[16];
        java.util.Arrays.fill(all, (byte) 0xFF);
        assertThat(
                        BloomFilterBuilder.hashRow(
                                DataType.of(FieldType.LARGEINT), v, 0, new KeyBuffer()))
                .isEqualTo(naiveMurmur(all, BloomFilter.DEFAULT_SEED));
    }
}
