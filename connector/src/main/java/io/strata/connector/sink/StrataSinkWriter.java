package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RecordConverter;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.compaction.BackgroundCompactor;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;
import io.strata.proto.strata.TabletRowsetsPB;

import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * One writer subtask: converts records into a {@link Block} of {@code sink.buffer-rows} rows and
 * hands full blocks to the engine {@link TabletsChannel} (which blocks while its flushes are
 * behind: that is Flink backpressure). At each checkpoint barrier {@link #prepareCommit()} closes
 * the open rowsets (durable, invisible: Doris's commit txn) and returns one {@link
 * StrataWriteResult}; nothing becomes visible until the committer publishes it.
 *
 * <p>Bad records: strict mode fails the job with a message naming table, column and value;
 * otherwise they are dropped and counted, and a checkpoint whose filtered/total ratio exceeds
 * {@code sink.max-filter-ratio} fails. The engine is shared by all writers of the JVM ({@link
 * SharedStorageEngines}). For RANDOM distribution each subtask writes only buckets {@code b % n ==
 * subtask}, so no shuffle is needed.
 *
 * <p>Compaction ({@code sink.compaction}, default on): each subtask compacts exactly the tablets it
 * writes (RANDOM: buckets {@code b % n == subtask}; HASH: the tablets the pre-write shuffle routes
 * to it, {@link TabletKeySelector#routingKey} mod n) on the engine's compaction pool ({@link
 * BackgroundCompactor}); finished results ride with the next checkpoint's commit and publish
 * atomically with it. Since no other subtask adds rowsets to a tablet this one compacts, the
 * compactor's count of published plus not-yet-published rowsets is exact, and the rowset hard limit
 * holds for every published version. A checkpoint waits for compaction only when a tablet reaches
 * that limit. Without it ({@code sink.compaction = false}, compaction runs externally) a checkpoint
 * whose commit would put a tablet over the hard limit waits for that external compaction ({@link
 * RowsetLimitGate}), up to {@code sink.compaction.wait-timeout}, then fails naming the tablet.
 */
public final class StrataSinkWriter<T> implements CommittingSinkWriter<T, StrataWriteResult> {
    private final String tablePath;
    private final RecordConverter<T> converter;
    private final StrataSinkOptions options;
    private final int subtask;
    private final Table table;
    private final SharedStorageEngines.Lease engine;
    private final TabletsChannel channel;
    private final TabletSchema schema;
    private final SinkMetrics metrics;
    private final BackgroundCompactor compactor;

    /** With sink.compaction = false: the rowset hard limit waits for external compaction. */
    private final RowsetLimitGate limitGate;

    private Block block;
    private int rows;
    private long checkpointId;
    private long checkpointRecords;
    private long checkpointFiltered;

    public StrataSinkWriter(
            TableResolver resolver,
            RecordConverter<T> converter,
            StrataSinkOptions options,
            WriterInitContext context)
            throws IOException {
        this.tablePath = resolver.tablePath();
        this.converter = converter;
        this.options = options;
        this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        this.checkpointId = context.getRestoredCheckpointId().orElse(0L);
        this.table = resolver.resolve();
        SharedStorageEngines.Lease lease = null;
        TabletsChannel ch = null;
        try {
            this.schema = table.schema();
            converter.open(schema, options);
            lease = SharedStorageEngines.acquire(options);
            ch =
                    table.openChannel(
                            lease.engine(),
                            ChannelOptions.builder()
                                    .memtableSizeBytes(options.memtableSizeBytes())
                                    .flushRunningCountLimit(options.flushRunningCountLimit())
                                    .channelIndex(subtask)
                                    .numChannels(parallelism)
                                    .strict(options.strict())
                                    .build());
        } catch (IOException | RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            table.close();
            throw e;
        }
        this.engine = lease;
        this.channel = ch;
        this.block = Block.create(schema.columns(), options.bufferRows());
        this.metrics = new SinkMetrics(context.metricGroup(), channel);
        if (options.compaction()) {
            int n = parallelism;
            int me = subtask;
            boolean random = table.router().isRandom();
            boolean partitioned = table.router().isPartitioned();
            // Own (compact) the tablets this subtask writes, so that no other writer adds rowsets
            // to them: RANDOM channels write buckets b % n == subtask of every partition; HASH
            // rows arrive through the shuffle, keyed like TabletKeySelector.
            java.util.function.Predicate<io.strata.engine.txn.TableState.TabletState> owns =
                    random
                            ? t -> Math.floorMod(t.bucket(), n) == me
                            : t ->
                                    Math.floorMod(
                                                    TabletKeySelector.routingKey(
                                                            t.bucket(),
                                                            t.partitionId(),
                                                            partitioned),
                                                    n)
                                            == me;
            this.compactor =
                    new BackgroundCompactor(
                            table,
                            CompactionOptions.fromProperties(table.descriptor().properties()),
                            lease.engine().compactionExecutor(),
                            owns,
                            1,
                            0);
            metrics.compaction(compactor);
            this.limitGate = null;
        } else {
            this.compactor = null;
            this.limitGate =
                    new RowsetLimitGate(table, options.compactionWaitTimeout().toMillis(), 200);
        }
    }

    @Override
    public void write(T element, Context context) throws IOException {
        checkpointRecords++;
        try {
            if (converter.append(element, block)) {
                rows++;
            } else {
                dropPartialRow();
            }
        } catch (BadRecordException e) {
            dropPartialRow();
            rejected(e);
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
            // Defensive: a converter that lets a conversion error escape still names the table.
            dropPartialRow();
            rejected(new BadRecordException(null, String.valueOf(e.getMessage()), e));
        }
        if (rows >= options.bufferRows()) {
            flushBlock();
        }
    }

    private void rejected(BadRecordException e) throws IOException {
        if (options.strict()) {
            throw new IOException(
                    "Strata table " + tablePath + ": bad record: " + e.getMessage(), e);
        }
        checkpointFiltered++;
        metrics.filtered();
    }

    /** After a failed or skipped append, cut every vector back to the rows fully appended. */
    private void dropPartialRow() {
        boolean partial = false;
        for (ColumnVector v : block.vectors()) {
            if (v.size() != rows) {
                partial = true;
                break;
            }
        }
        if (!partial) {
            return;
        }
        // ColumnVector cannot shrink: copy the complete rows into a fresh block (rare path).
        Block fresh = Block.create(schema.columns(), options.bufferRows());
        for (int c = 0; c < fresh.numColumns(); c++) {
            fresh.vector(c).appendRange(block.vector(c), 0, rows);
        }
        block = fresh;
    }

    private void flushBlock() throws IOException {
        if (rows == 0) {
            return;
        }
        long bytes = block.dataBytes();
        long start = System.nanoTime();
        channel.write(block);
        metrics.sent(rows, bytes, System.nanoTime() - start);
        block.reset();
        rows = 0;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        flushBlock();
    }

    @Override
    public Collection<StrataWriteResult> prepareCommit() throws IOException {
        flushBlock();
        checkpointId++;
        long filtered = checkpointFiltered;
        long total = checkpointRecords;
        checkpointFiltered = 0;
        checkpointRecords = 0;
        if (filtered > 0 && (double) filtered / total > options.maxFilterRatio()) {
            throw new IOException(
                    "Strata table "
                            + tablePath
                            + ": "
                            + filtered
                            + " of "
                            + total
                            + " records of subtask "
                            + subtask
                            + " were filtered as bad input since the last checkpoint, more than "
                            + StrataSinkOptions.MAX_FILTER_RATIO
                            + " = "
                            + options.maxFilterRatio());
        }
        TxnCommit commit = channel.prepareCommit();
        metrics.committed(commit);
        if (limitGate != null) {
            try {
                limitGate.awaitRoom(commit);
            } catch (IOException e) {
                try {
                    table.abort(commit); // never handed on: its files would be orphans
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        if (compactor != null) {
            List<TabletRowsetsPB> results;
            try {
                results = compactor.onCheckpoint(commit);
            } catch (IOException e) {
                // Compaction is an optimisation: a failed round must not fail the data commit.
                results = List.of();
            }
            commit = commit.withCompactions(results);
        }
        if (commit.isEmpty()) {
            return Collections.emptyList();
        }
        return List.of(new StrataWriteResult(commit.toBytes(), subtask, checkpointId));
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        if (compactor != null) {
            compactor.close();
        }
        try {
            // Deletes files of rowsets not yet handed to prepareCommit (never published).
            channel.abort();
        } catch (Exception e) {
            failure = e;
        }
        try {
            channel.close();
        } catch (Exception e) {
            failure = addSuppressed(failure, e);
        }
        try {
            table.close();
        } catch (Exception e) {
            failure = addSuppressed(failure, e);
        }
        engine.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception addSuppressed(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Total records dropped as bad input (tests). */
    long filteredRecords() {
        return metrics.filteredTotal();
    }
}
