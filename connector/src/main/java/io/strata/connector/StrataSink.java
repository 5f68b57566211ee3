package io.strata.connector;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.connector.sink.DescriptorSpec;
import io.strata.connector.sink.StrataCommitAggregator;
import io.strata.connector.sink.StrataCommittable;
import io.strata.connector.sink.StrataCommittableSerializer;
import io.strata.connector.sink.StrataCommitter;
import io.strata.connector.sink.StrataSinkWriter;
import io.strata.connector.sink.StrataWriteResult;
import io.strata.connector.sink.StrataWriteResultSerializer;
import io.strata.connector.sink.TableResolver;
import io.strata.connector.sink.TabletChannelPartitioner;
import io.strata.connector.sink.TabletKeySelector;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Exactly-once Flink Sink v2 into a Strata table.
 *
 * <p>Topology: an optional pre-write shuffle sends every record to the writer subtask that owns its
 * tablet (none for RANDOM distribution); {@link StrataSinkWriter}s write rowsets through the
 * engine's {@code TabletsChannel} and, at each checkpoint barrier, commit them (durable,
 * invisible); a parallelism-1 {@link StrataCommitAggregator} merges all subtasks' results of one
 * checkpoint into one {@link StrataCommittable} labelled {@code <commitUser>-<checkpointId>}; the
 * {@link StrataCommitter} publishes it as one table version when the checkpoint completes.
 * Publishing is idempotent by label, so replays after failover never duplicate data; work prepared
 * after the last completed checkpoint never becomes visible.
 *
 * <p>Build with {@link #builder()}; use with {@code dataStream.sinkTo(sink)}.
 */
public final class StrataSink<T>
        implements Sink<T>,
                SupportsCommitter<StrataCommittable>,
                SupportsPreWriteTopology<T>,
                SupportsPreCommitTopology<StrataWriteResult, StrataCommittable> {
    private static final long serialVersionUID = 1L;

    private final String tablePath;
    private final DescriptorSpec descriptor; // null: the table must exist
    private final boolean createIfMissing;
    private final RecordConverter<T> converter;
    private final StrataSinkOptions options;
    private final String commitUser;

    /** INSERT OVERWRITE: the static partition spec (may be empty); null = append. */
    java.util.HashMap<String, String> overwritePartition;

    StrataSink(
            String tablePath,
            DescriptorSpec descriptor,
            boolean createIfMissing,
            RecordConverter<T> converter,
            StrataSinkOptions options,
            String commitUser) {
        this.tablePath = tablePath;
        this.descriptor = descriptor;
        this.createIfMissing = createIfMissing;
        this.converter = converter;
        this.options = options;
        this.commitUser = commitUser;
    }

    /** A new builder. */
    public static <T> StrataSinkBuilder<T> builder() {
        return new StrataSinkBuilder<>();
    }

    public String tablePath() {
        return tablePath;
    }

    public StrataSinkOptions options() {
        return options;
    }

    /** The commit user of a fresh start (a restored job keeps the one in its state). */
    public String commitUser() {
        return commitUser;
    }

    /** How writers find or create the table. */
    public TableResolver tableResolver() {
        return new TableResolver(tablePath, descriptor, createIfMissing);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new StrataSinkWriter<>(tableResolver(), converter, options, context);
    }

    @Override
    public StrataCommitter createCommitter(CommitterInitContext context) {
        return new StrataCommitter(tablePath, context.metricGroup(), overwritePartition);
    }

    @Override
    public SimpleVersionedSerializer<StrataCommittable> getCommittableSerializer() {
        return new StrataCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<StrataWriteResult> getWriteResultSerializer() {
        return new StrataWriteResultSerializer();
    }

    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        DescriptorSpec spec = descriptor;
        if (spec == null) {
            // No descriptor given: the table must exist; read its distribution now.
            try {
                TableDescriptor d =
                        TableResolver.openExisting(FlinkFileIO.forPath(tablePath), tablePath);
                spec = DescriptorSpec.of(d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (spec.isRandomDistribution()) {
            // RANDOM distribution: no shuffle; each writer owns distinct buckets.
            return input;
        }
        return input.partitionCustom(
                new TabletChannelPartitioner(),
                new TabletKeySelector<>(tableResolver(), converter, options));
    }

    @Override
    public DataStream<CommittableMessage<StrataCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<StrataWriteResult>> committables) {
        // No uid here: Flink derives the uids of sink-topology operators from the sink's uid
        // (set one with sinkTo(sink).uid(..) for savepoint compatibility).
        return committables
                .global()
                .transform(
                        "Strata Commit Aggregator",
                        CommittableMessageTypeInfo.of(StrataCommittableSerializer::new),
                        new StrataCommitAggregator(commitUser))
                .setParallelism(1)
                .setMaxParallelism(1)
                .global();
    }
}
