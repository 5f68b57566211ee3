package io.strata.bench;

import io.strata.cli.LineitemGenerator;
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
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.SegmentStats;
import io.strata.engine.segment.SegmentWriter;
import io.strata.engine.segment.SegmentWriterOptions;
import io.strata.proto.segment.CompressionTypePB;

import org.apache.flink.types.Row;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes on disk of the W1 lineitem rows (the rows of {@link LineitemGenerator}, the schema the
 * Flink SQL sink of {@code IngestComparison} creates: DUP keys (l_orderkey, l_linenumber)) written
 * straight through {@link SegmentWriter}, no Flink: the rows are cut into segments of a given size
 * (what one memtable flush per tablet and checkpoint produces) and the per-column byte breakdown of
 * {@link SegmentStats} is printed with the write CPU time. A main class, not a test.
 *
 * <pre>
 * java -cp ... io.strata.bench.SegmentSizeBenchmark ROWS SEGMENT_ROWS DIR [key=value ...]
 *   keys: compression (LZ4F|ZSTD|...), page (storage_page_size bytes), dict (dict page bytes),
 *         level (zstd level, 0 = Doris's 3), optimize (true = storage.size-optimized)
 * </pre>
 */
public final class SegmentSizeBenchmark {
    private SegmentSizeBenchmark() {}

    /** The table schema of W1 as the SQL sink creates it (Flink types mapped to Doris types). */
    public static TabletSchema schema(CompressionTypePB codec) {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(col("l_orderkey", DataType.of(FieldType.BIGINT), true, false))
                .column(col("l_linenumber", DataType.of(FieldType.INT), true, false))
                .column(col("l_partkey", DataType.of(FieldType.BIGINT), false, true))
                .column(col("l_suppkey", DataType.of(FieldType.BIGINT), false, true))
                .column(col("l_quantity", DataType.decimal(15, 2), false, true))
                .column(col("l_extendedprice", DataType.decimal(15, 2), false, true))
                .column(col("l_discount", DataType.decimal(15, 2), false, true))
                .column(col("l_tax", DataType.decimal(15, 2), false, true))
                .column(col("l_returnflag", DataType.charType(1), false, true))
                .column(col("l_linestatus", DataType.charType(1), false, true))
                .column(col("l_shipdate", DataType.of(FieldType.DATEV2), false, true))
                .column(col("l_commitdate", DataType.of(FieldType.DATEV2), false, true))
                .column(col("l_receiptdate", DataType.of(FieldType.DATEV2), false, true))
                .column(col("l_shipinstruct", DataType.varchar(25), false, true))
                .column(col("l_shipmode", DataType.varchar(10), false, true))
                .column(col("l_comment", DataType.varchar(44), false, true))
                .compression(codec)
                .build();
    }

    private static Column col(String name, DataType t, boolean key, boolean nullable) {
        return Column.builder(name, t).key(key).nullable(nullable).build();
    }

    /** Rows {@code [from, to)} of the generator as one block of {@link #schema}. */
    public static Block rows(TabletSchema s, long from, long to) {
        LineitemGenerator g = new LineitemGenerator();
        Block b = Block.create(s.columns(), (int) (to - from));
        for (long i = from; i < to; i++) {
            Row r = g.map(i);
            ((LongVector) b.vector(0)).append((Long) r.getField(0));
            ((IntVector) b.vector(1)).append((Integer) r.getField(3));
            ((LongVector) b.vector(2)).append((Long) r.getField(1));
            ((LongVector) b.vector(3)).append((Long) r.getField(2));
            for (int c = 0; c < 4; c++) {
                ((LongVector) b.vector(4 + c))
                        .append(((BigDecimal) r.getField(4 + c)).unscaledValue().longValue());
            }
            ((BytesVector) b.vector(8)).append(bytes(r.getField(8)));
            ((BytesVector) b.vector(9)).append(bytes(r.getField(9)));
            for (int c = 0; c < 3; c++) {
                ((IntVector) b.vector(10 + c))
                        .append(Values.encodeDateV2((LocalDate) r.getField(10 + c)));
            }
            for (int c = 13; c < 16; c++) {
                ((BytesVector) b.vector(c)).append(bytes(r.getField(c)));
            }
        }
        return b;
    }

    private static byte[] bytes(Object o) {
        return ((String) o).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: SegmentSizeBenchmark ROWS SEGMENT_ROWS DIR [compression=ZSTD]"
                            + " [page=65536] [dict=262144] [level=0]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0]);
        int segRows = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        CompressionTypePB codec = CompressionTypePB.ZSTD;
        SegmentWriterOptions opts = SegmentWriterOptions.defaults(0);
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "compression" -> codec = CompressionTypePB.valueOf(kv[1].toUpperCase());
                case "page" -> opts = opts.withDataPageSize(Integer.parseInt(kv[1]));
                case "dict" -> opts = opts.withDictPageSize(Integer.parseInt(kv[1]));
                case "level" -> opts = opts.withCompressionLevel(Integer.parseInt(kv[1]));
                case "optimize" -> opts = opts.withSizeOptimized(Boolean.parseBoolean(kv[1]));
                default -> throw new IllegalArgumentException("unknown key " + kv[0]);
            }
        }
        Files.createDirectories(dir);
        TabletSchema s = schema(codec);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<SegmentStats.FileStats> stats = new ArrayList<>();
        long cpu = 0;
        int seg = 0;
        for (long from = 0; from < rows; from += segRows, seg++) {
            long to = Math.min(rows, from + segRows);
            Block b = rows(s, from, to);
            String path = dir.resolve("seg_" + seg + ".dat").toString();
            long t0 = mx.getCurrentThreadCpuTime();
            try (SegmentWriter w = new SegmentWriter(LocalFileIO.INSTANCE, path, s, opts)) {
                w.append(b);
                w.finish();
            }
            cpu += mx.getCurrentThreadCpuTime() - t0;
            try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, s)) {
                stats.add(SegmentStats.of(r));
            }
            Files.delete(Path.of(path));
        }
        SegmentStats.FileStats sum = SegmentStats.FileStats.sum(stats);
        System.out.printf(
                Locale.ROOT,
                "%,d rows in %d segments of %,d rows, %s, page %d, dict %d, level %d, optimized %s:"
                        + " %,d bytes"
                        + " (%.2f B/row), write CPU %.2f s%n",
                rows,
                seg,
                segRows,
                codec,
                opts.dataPageSize(),
                opts.dictPageSize(),
                opts.compressionLevel(),
                opts.sizeOptimized(),
                sum.fileBytes(),
                sum.fileBytes() / (double) rows,
                cpu / 1e9);
        for (SegmentStats.ColumnStats c : sum.columns()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-16s %-14s pages %6d data %,12d dict %,9d index %,8d  %.3f B/row%n",
                    c.name(),
                    c.encoding(),
                    c.dataPages(),
                    c.dataBytes(),
                    c.dictBytes(),
                    c.indexBytes(),
                    c.totalBytes() / (double) rows);
        }
        System.out.printf(
                Locale.ROOT,
                "  short-key %,d, footers %,d%n",
                sum.shortKeyBytes(),
                sum.footerBytes());
    }
}
