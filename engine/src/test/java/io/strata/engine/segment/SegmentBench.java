package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.Values;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.CompressionTypePB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Segment write / full-decode benchmark on a 16-column TPC-H lineitem-like block (not a test). Run:
 * {@code mvn -B -q -o -pl engine -am test-compile && java -cp
 * engine/target/test-classes:engine/target/classes:$(cat cp.txt)
 * io.strata.engine.segment.SegmentBench [rows] [LZ4F|ZSTD|LZ4|NONE]}. Prints MB/s of raw column
 * bytes, single thread.
 */
public final class SegmentBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        CompressionTypePB codec = args.length > 1 ? codecOf(args[1]) : CompressionTypePB.LZ4F;
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .compression(codec)
                        .column(col("l_orderkey", DataType.of(FieldType.BIGINT), true))
                        .column(col("l_partkey", DataType.of(FieldType.INT), true))
                        .column(col("l_suppkey", DataType.of(FieldType.INT), false))
                        .column(col("l_linenumber", DataType.of(FieldType.INT), false))
                        .column(col("l_quantity", DataType.decimal(15, 2), false))
                        .column(col("l_extendedprice", DataType.decimal(15, 2), false))
                        .column(col("l_discount", DataType.decimal(15, 2), false))
                        .column(col("l_tax", DataType.decimal(15, 2), false))
                        .column(col("l_returnflag", DataType.charType(1), false))
                        .column(col("l_linestatus", DataType.charType(1), false))
                        .column(col("l_shipdate", DataType.of(FieldType.DATEV2), false))
                        .column(col("l_commitdate", DataType.of(FieldType.DATEV2), false))
                        .column(col("l_receiptdate", DataType.of(FieldType.DATEV2), false))
                        .column(col("l_shipinstruct", DataType.varchar(25), false))
                        .column(col("l_shipmode", DataType.varchar(10), false))
                        .column(col("l_comment", DataType.varchar(44), false))
                        .build();
        Block b = lineitem(schema, rows, new Random(1));
        long raw = b.dataBytes();
        Path dir = Files.createTempDirectory("segbench");
        System.out.printf("rows %d, raw column bytes %.1f MB, codec %s%n", rows, raw / 1e6, codec);
        for (int round = 0; round < 6; round++) {
            String path = dir.resolve("b" + round + ".dat").toString();
            java.lang.management.ThreadMXBean mx =
                    java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SegmentInfo info;
            try (SegmentWriter w =
                    new SegmentWriter(
                            LocalFileIO.INSTANCE, path, schema, SegmentWriterOptions.defaults(0))) {
                w.append(b);
                info = w.finish();
            }
            long t1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            long decoded = 0;
            try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, schema);
                    SegmentIterator it =
                            r.newIterator(SegmentReadOptions.all(schema.numColumns()))) {
                Block x;
                while ((x = it.next()) != null) {
                    decoded += x.rowCount();
                }
            }
            long t2 = System.nanoTime();
            long c2 = mx.getCurrentThreadCpuTime();
            if (decoded != rows) {
                throw new AssertionError("decoded " + decoded);
            }
            System.out.printf(
                    "round %d: write %.0f MB/s per core (cpu %.2f s, wall %.2f s), full decode %.0f MB/s per core (cpu %.2f s, wall %.2f s),"
                            + " file %.1f MB (%.1f%% of raw)%n",
                    round,
                    raw / 1e6 / ((c1 - c0) / 1e9),
                    (c1 - c0) / 1e9,
                    (t1 - t0) / 1e9,
                    raw / 1e6 / ((c2 - c1) / 1e9),
                    (c2 - c1) / 1e9,
                    (t2 - t1) / 1e9,
                    info.fileSize() / 1e6,
                    100.0 * info.fileSize() / raw);
            Files.delete(Path.of(path));
        }
        Files.delete(dir);
    }

    private static CompressionTypePB codecOf(String s) {
        return s.equalsIgnoreCase("NONE")
                ? CompressionTypePB.NO_COMPRESSION
                : CompressionTypePB.valueOf(s.toUpperCase());
    }

    private static Column col(String name, DataType t, boolean key) {
        return Column.builder(name, t).nullable(false).key(key).build();
    }

    static final String[] INSTRUCT = {
        "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"
    };
    static final String[] MODE = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    static final String[] WORDS = {
        "furiously", "carefully", "quickly", "slyly", "blithely", "final", "regular", "express",
        "pending", "ironic", "deposits", "requests", "accounts", "packages", "theodolites", "foxes"
    };

    /** DATEV2 encodings of 1992-01-01 .. 1998-12-31. */
    static final int[] DATES = new int[2557];

    static {
        java.time.LocalDate d = java.time.LocalDate.of(1992, 1, 1);
        for (int i = 0; i < DATES.length; i++) {
            DATES[i] = Values.encodeDateV2(d.plusDays(i));
        }
    }

    static Block lineitem(TabletSchema s, int rows, Random r) {
        Block b = Block.create(s.columns(), rows);
        LongVector ok = (LongVector) b.vector(0);
        long order = 1;
        int line = 1;
        byte[] buf = new byte[64];
        for (int i = 0; i < rows; i++) {
            if (line > 1 + r.nextInt(7)) {
                order += 1 + r.nextInt(3);
                line = 1;
            }
            ok.append(order);
            ((IntVector) b.vector(1)).append(1 + r.nextInt(200_000));
            ((IntVector) b.vector(2)).append(1 + r.nextInt(10_000));
            ((IntVector) b.vector(3)).append(line++);
            ((LongVector) b.vector(4)).append(100L * (1 + r.nextInt(50)));
            ((LongVector) b.vector(5)).append(90_000L + r.nextInt(10_000_000));
            ((LongVector) b.vector(6)).append(r.nextInt(11));
            ((LongVector) b.vector(7)).append(r.nextInt(9));
            ((BytesVector) b.vector(8)).append(new byte[] {(byte) "ARN".charAt(r.nextInt(3))});
            ((BytesVector) b.vector(9)).append(new byte[] {(byte) "OF".charAt(r.nextInt(2))});
            int day = r.nextInt(DATES.length - 60);
            ((IntVector) b.vector(10)).append(DATES[day]);
            ((IntVector) b.vector(11)).append(DATES[day + 30 + r.nextInt(30)]);
            ((IntVector) b.vector(12)).append(DATES[day + 1 + r.nextInt(30)]);
            ((BytesVector) b.vector(13)).append(INSTRUCT[r.nextInt(INSTRUCT.length)]);
            ((BytesVector) b.vector(14)).append(MODE[r.nextInt(MODE.length)]);
            int len = 10 + r.nextInt(31);
            int p = 0;
            while (p < len) {
                String w = WORDS[r.nextInt(WORDS.length)];
                for (int k = 0; k < w.length() && p < len; k++) {
                    buf[p++] = (byte) w.charAt(k);
                }
                if (p < len) {
                    buf[p++] = ' ';
                }
            }
            ((BytesVector) b.vector(15)).append(buf, 0, len);
        }
        return b;
    }
}
