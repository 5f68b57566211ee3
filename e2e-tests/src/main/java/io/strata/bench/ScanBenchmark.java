package io.strata.bench;

import io.strata.connector.StrataSource;
import io.strata.connector.source.BlockConverter;
import io.strata.connector.source.PredicateSpec;
import io.strata.connector.source.StrataSourceSplit;
import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.util.CloseableIterator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scan benchmark (not a test): writes a DUP table of N rows (id BIGINT key in load order, v INT,
 * amount DECIMAL(15, 2), dt DATEV2, name VARCHAR(32); 4 random buckets) with the engine, then reads
 * it the way the source reader does (engine scan of every split + column-wise conversion to Flink
 * RowData, one thread): a full scan, a point query on the key and a 0.1% key range. Prints wall
 * time, thread CPU time, rows/s per core and the engine's pruning counters.
 *
 * <p>Usage: {@code ScanBenchmark DIR [rows] [repeats]}; an existing table in DIR is reused.
 */
public final class ScanBenchmark {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/strata-scan-bench");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String path = dir.resolve("t-" + rows).toString();
        if (!Files.exists(Path.of(path, "_meta"))) {
            long t0 = System.nanoTime();
            write(path, rows);
            System.out.printf("wrote %,d rows in %.1fs%n", rows, (System.nanoTime() - t0) / 1e9);
        }
        long mid = rows / 2 + 17;
        long range = Math.max(1, rows / 1000);
        for (int r = 0; r < repeats; r++) {
            System.out.println("-- run " + (r + 1));
            Result full = run("full scan", path, List.of());
            Result point = run("point id = " + mid, path, List.of(ColumnPredicate.eq("id", mid)));
            Result rng =
                    run(
                            "range 0.1%",
                            path,
                            List.of(
                                    ColumnPredicate.of("id", ColumnPredicate.Op.GE, mid),
                                    ColumnPredicate.of("id", ColumnPredicate.Op.LT, mid + range)));
            System.out.printf(
                    "   speedup vs full scan: point %.0fx, range %.0fx (wall)%n",
                    full.wallNs / (double) point.wallNs, full.wallNs / (double) rng.wallNs);
        }
    }

    record Result(long rows, long wallNs, long cpuNs) {}

    static Result run(String name, String path, List<ColumnPredicate> where) throws Exception {
        long w0 = System.nanoTime();
        long c0 = MX.getCurrentThreadCpuTime();
        StrataSource src = StrataSource.builder().tablePath(path).predicates(where).build();
        List<StrataSourceSplit> splits = src.planSplits();
        ReadStats stats = new ReadStats();
        long n = 0;
        long checksum = 0;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            for (StrataSourceSplit s : splits) {
                try (CloseableIterator<Block> it =
                        t.newScan()
                                .version(s.tabletSplit().version())
                                .project(src.spec().columns())
                                .filter(PredicateSpec.toPredicates(src.spec().predicates()))
                                .stats(stats)
                                .open(s.tabletSplit())) {
                    Block b;
                    while ((b = it.next()) != null) {
                        var out = BlockConverter.toRows(b, 0, b.rowCount());
                        n += out.length;
                        if (out.length > 0) {
                            checksum += out[out.length - 1].getLong(0);
                        }
                    }
                }
            }
        }
        long wall = System.nanoTime() - w0;
        long cpu = MX.getCurrentThreadCpuTime() - c0;
        System.out.printf(
                "%-22s rows=%,d wall=%.3fs cpu=%.3fs rows/s/core=%,.0f splits=%d (%s) [chk %d]%n",
                name,
                n,
                wall / 1e9,
                cpu / 1e9,
                n / Math.max(1e-9, cpu / 1e9),
                splits.size(),
                stats,
                checksum);
        return new Result(n, wall, cpu);
    }

    static void write(String path, long rows) throws Exception {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("id", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(col("v", DataType.of(FieldType.INT)))
                        .column(col("amount", DataType.decimal(15, 2)))
                        .column(col("dt", DataType.of(FieldType.DATEV2)))
                        .column(col("name", DataType.varchar(32)))
                        .build();
        TableDescriptor d = TableDescriptor.builder(s).distribution(List.of()).buckets(4).build();
        int batch = 65536;
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = Table.create(LocalFileIO.INSTANCE, path, d);
                TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
            for (long start = 0; start < rows; start += batch) {
                int n = (int) Math.min(batch, rows - start);
                Block b = Block.create(s.columns(), n);
                LongVector id = (LongVector) b.vector(0);
                IntVector v = (IntVector) b.vector(1);
                LongVector amount = (LongVector) b.vector(2);
                IntVector dt = (IntVector) b.vector(3);
                BytesVector name = (BytesVector) b.vector(4);
                for (int i = 0; i < n; i++) {
                    long k = start + i;
                    id.append(k);
                    v.append((int) (k * 2654435761L % 100_000));
                    amount.append(k % 1_000_000);
                    dt.append(
                            io.strata.engine.block.Values.encodeDateV2(
                                    2020 + (int) (k % 5), 1 + (int) (k % 12), 1 + (int) (k % 28)));
                    name.append("customer-" + (k % 50_000));
                }
                ch.write(b);
            }
            t.publish("load", ch.prepareCommit(), null, -1);
        }
    }

    static Column col(String n, DataType t) {
        return Column.builder(n, t).aggregation(AggregationType.NONE).build();
    }
}
