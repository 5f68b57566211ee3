package io.strata.engine.segment.index;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import java.util.Random;

/**
 * Throughput of the index builders (not a unit test; run by hand): {@code java -cp <engine classes,
 * test classes, deps> io.strata.engine.segment.index.IndexBench}.
 */
public final class IndexBench {
    private IndexBench() {}

    public static void main(String[] args) {
        int n = 4_000_000;
        Random r = new Random(1);
        IntVector ints = new IntVector(n);
        LongVector longs = new LongVector(n);
        DoubleVector doubles = new DoubleVector(n);
        BytesVector strs = new BytesVector(n, n * 12);
        for (int i = 0; i < n; i++) {
            ints.append(r.nextInt());
            longs.append(r.nextLong());
            doubles.append(r.nextGaussian());
            strs.append("user-" + (i * 7919L % 1_000_003));
        }
        IntVector lowCard = new IntVector(n);
        for (int i = 0; i < n; i++) {
            lowCard.append(r.nextInt(100));
        }
        fpp(0.05, 1000);
        fpp(0.05, 10000);
        fpp(0.01, 10000);
        fpp(0.01, 100000);
        for (int round = 0; round < 3; round++) {
            System.out.println("round " + round);
            zone("INT", DataType.of(FieldType.INT), ints, n);
            zone("BIGINT", DataType.of(FieldType.BIGINT), longs, n);
            zone("DOUBLE", DataType.of(FieldType.DOUBLE), doubles, n);
            zone("VARCHAR", DataType.varchar(32), strs, n);
            bloom("BIGINT", DataType.of(FieldType.BIGINT), longs, n);
            bloom("VARCHAR", DataType.varchar(32), strs, n);
            rowKey(ints, strs, n);
            bitmap(lowCard, n);
        }
    }

    /** Measured false-positive rate of a filter holding n random BIGINTs. */
    private static void fpp(double target, int n) {
        Random r = new Random(n);
        DataType t = DataType.of(FieldType.BIGINT);
        LongVector v = new LongVector(n);
        java.util.HashSet<Long> in = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            long x = r.nextLong();
            v.append(x);
            in.add(x);
        }
        BloomFilterBuilder b = new BloomFilterBuilder(target);
        b.add(v, t, 0, n);
        byte[] stored = b.finishPage();
        BloomFilter f;
        try {
            f = BloomFilter.of(stored);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int trials = 1_000_000;
        int fp = 0;
        for (int i = 0; i < trials; i++) {
            long x = r.nextLong();
            if (!in.contains(x) && f.mightContain(t, x)) {
                fp++;
            }
        }
        System.out.printf(
                "  fpp target %.2f n=%d: %d bytes, measured %.4f%n",
                target, n, stored.length - 1, fp / (double) trials);
    }

    private static void report(String what, int n, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %-28s %8.1f M rows/s%n", what, n / s / 1e6);
    }

    private static void zone(String name, DataType t, ColumnVector v, int n) {
        long t0 = System.nanoTime();
        ZoneMapBuilder b = new ZoneMapBuilder(t);
        int page = 16384;
        for (int s = 0; s < n; s += page) {
            int len = Math.min(page, n - s);
            b.add(v, s, len);
            b.finishPage(len);
        }
        b.segmentZoneMap();
        report("zone map " + name, n, t0);
    }

    private static void bloom(String name, DataType t, ColumnVector v, int n) {
        long t0 = System.nanoTime();
        BloomFilterBuilder b = new BloomFilterBuilder(0.05);
        int page = 8192;
        long bytes = 0;
        for (int s = 0; s < n; s += page) {
            int len = Math.min(page, n - s);
            b.add(v, t, s, len);
            bytes += b.finishPage().length;
        }
        report("bloom " + name + " (" + bytes / 1024 + " KiB)", n, t0);
    }

    private static void rowKey(IntVector k1, BytesVector k2, int n) {
        DataType[] types = {DataType.of(FieldType.INT), DataType.varchar(32)};
        ColumnVector[] cols = {k1, k2};
        KeyBuffer kb = new KeyBuffer();
        long t0 = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            kb.reset();
            KeyEncoding.encodeRowKey(cols, types, i, 2, kb);
            sum += kb.length();
        }
        report("row key INT,VARCHAR (" + sum / n + " B)", n, t0);
    }

    private static void bitmap(IntVector v, int n) {
        long t0 = System.nanoTime();
        BitmapIndexBuilder b = new BitmapIndexBuilder(DataType.of(FieldType.INT));
        b.add(v, 0, n, 0);
        BitmapIndexBuilder.Result res = b.finish();
        long bytes = 0;
        for (byte[] x : res.serializedBitmaps()) {
            bytes += x.length;
        }
        report("bitmap INT card 100 (" + bytes / 1024 + " KiB)", n, t0);
    }
}
