package io.strata.bench;

import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.CompactionResult;
import io.strata.engine.compaction.CompactionTask;
import io.strata.engine.compaction.Compactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.memtable.RowMerger;
import io.strata.engine.read.TabletReader;
import io.strata.engine.rowset.RowsetWriter;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.tablet.TabletContext;
import io.strata.engine.txn.TableState;
import io.strata.engine.util.CloseableIterator;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Base compaction of a DUP_KEYS tablet (engine only, a main class, not a test): {@code loads}
 * overlapping rowsets of {@code rowsPerLoad} random-key rows in one tablet, compacted into one
 * rowset by (a) the streaming k-way merge of {@link Compactor} and (b) the former in-memory path
 * (concatenate every row, sort the whole tablet with {@link RowMerger}, write), re-implemented here
 * for comparison. Reports wall time and the peak heap in use (JVM heap pools' peak usage, reset
 * after a GC before each variant).
 *
 * <p>Usage: {@code DupCompactionBenchmark DIR [loads=20] [rowsPerLoad=100000]
 * [variants=stream,sort]}.
 */
public final class DupCompactionBenchmark {
    private DupCompactionBenchmark() {}

    static TableDescriptor descriptor() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(Column.builder("v", DataType.of(FieldType.BIGINT)).build())
                        .column(Column.builder("s", DataType.varchar(32)).build())
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(1)
                .property(CompactionOptions.HARD_LIMIT, "100000")
                .property(CompactionOptions.SOFT_LIMIT, "100000")
                .build();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    /** The former DUP path: every row in one block, sorted in memory, written; then discarded. */
    static long inMemorySort(Table t, CompactionTask task) throws Exception {
        TabletContext ctx = t.tabletContext();
        TabletSchema schema = ctx.schema();
        int[] all = {0, 1, 2};
        RowsetWriter w =
                new RowsetWriter(
                        ctx.io(),
                        ctx.tablePath(),
                        ctx.format(),
                        schema,
                        ctx.schemaHash(),
                        task.tabletId(),
                        task.partitionId(),
                        256L << 20);
        Block pending = Block.create(schema.columns(), 4096);
        try (CloseableIterator<Block> it =
                TabletReader.open(ctx, task.inputs(), all, List.of(), new ReadStats(), 4096)) {
            Block b;
            while ((b = it.next()) != null) {
                for (int c = 0; c < pending.numColumns(); c++) {
                    pending.vector(c).appendRange(b.vector(c), 0, b.rowCount());
                }
            }
        }
        Block sorted = RowMerger.sortAndMerge(schema, pending, false);
        w.flush(sorted);
        w.abort();
        return sorted.rowCount();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/strata-dup-compaction-bench");
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rowsPerLoad = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        String variants = args.length > 3 ? args[3] : "stream,sort";
        Files.createDirectories(dir);
        System.out.printf(
                "cores=%d maxHeap=%dMB loads=%d rowsPerLoad=%d%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                loads,
                rowsPerLoad);
        try (StorageEngine engine = StorageEngine.builder().flushThreads(2).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("dup-" + System.nanoTime()).toString(),
                                descriptor())) {
            Random rnd = new Random(1);
            for (int i = 0; i < loads; i++) {
                // Loads in slices so that no load block itself dominates the heap.
                List<Block> slices = new java.util.ArrayList<>();
                for (int done = 0; done < rowsPerLoad; done += 50_000) {
                    slices.add(
                            CompactionBenchmark.block(
                                    t.schema(),
                                    rnd,
                                    Math.min(50_000, rowsPerLoad - done),
                                    Long.MAX_VALUE));
                }
                try (var ch =
                        t.openChannel(engine, io.strata.engine.table.ChannelOptions.defaults())) {
                    for (Block b : slices) {
                        ch.write(b);
                    }
                    t.publish("l" + i, ch.prepareCommit(), null, -1);
                }
            }
            TableState.TabletState ts =
                    t.state(t.latestVersion()).tablets().values().iterator().next();
            CompactionTask task =
                    new CompactionTask(
                            CompactionTask.Type.BASE,
                            ts.tabletId(),
                            ts.partitionId(),
                            ts.bucket(),
                            ts.rowsets());
            System.out.printf(
                    "input: %d rowsets, %d rows, %.1f MB on disk%n",
                    ts.rowsets().size(), task.inputRows(), task.inputBytes() / 1e6);
            for (int round = 0; round < 2; round++) {
                for (String v : variants.split(",")) {
                    resetPeaks();
                    long start = System.nanoTime();
                    long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    long rows;
                    String extra = "";
                    if (v.equals("stream")) {
                        CompactionResult r =
                                Compactor.compact(t, task, CompactionOptions.defaults());
                        rows = r.rowsWritten();
                        extra = ", " + r.output().getNumSegments() + " segments";
                        t.deleteRowsetFiles(r.output());
                    } else {
                        rows = inMemorySort(t, task);
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    double cpuMs =
                            (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0)
                                    / 1e6;
                    System.out.printf(
                            "round %d %-6s: %8.0f ms wall, %8.0f ms cpu, %,.0f rows/cpu-s,"
                                    + " peak heap %d MB, %d rows%s%n",
                            round, v, ms, cpuMs, rows / (cpuMs / 1e3), peakHeapMb(), rows, extra);
                }
            }
        }
    }
}
