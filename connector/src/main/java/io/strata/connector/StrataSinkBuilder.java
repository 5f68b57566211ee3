package io.strata.connector;

import io.strata.connector.sink.DescriptorSpec;
import io.strata.engine.table.TableDescriptor;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds a {@link StrataSink}. Required: {@link #tablePath} and {@link #converter}; a {@link
 * #descriptor} is required when {@link #createIfMissing} is set. All validation happens in {@link
 * #build()}, which fails with {@link IllegalArgumentException} on a bad option.
 */
public final class StrataSinkBuilder<T> {
    private String tablePath;
    private TableDescriptor descriptor;
    private boolean createIfMissing;
    private RecordConverter<T> converter;
    private Map<String, String> options = new HashMap<>();
    private String commitUser;

    StrataSinkBuilder() {}

    /** Table location: any Flink FileSystem URI ({@code hdfs://}, {@code s3://}) or local path. */
    public StrataSinkBuilder<T> tablePath(String path) {
        this.tablePath = path;
        return this;
    }

    /**
     * The engine table descriptor (schema, distribution, partitions). For a UNIQUE_KEYS table the
     * hidden delete-sign column is added when absent ({@link StrataSchemas#withDeleteSign}).
     */
    public StrataSinkBuilder<T> descriptor(TableDescriptor d) {
        this.descriptor = d;
        return this;
    }

    /**
     * Create the table at first use when absent. When the table exists its descriptor must match
     * the given one (schema, distribution, buckets, partition columns), else the job fails.
     */
    public StrataSinkBuilder<T> createIfMissing(boolean create) {
        this.createIfMissing = create;
        return this;
    }

    /** Converts records into block rows. */
    public StrataSinkBuilder<T> converter(RecordConverter<T> c) {
        this.converter = c;
        return this;
    }

    /** {@code sink.*} options, see {@link StrataSinkOptions}. Other keys are ignored. */
    public StrataSinkBuilder<T> options(Map<String, String> options) {
        this.options = new HashMap<>(options);
        return this;
    }

    /**
     * The identity that makes publishes idempotent: labels are {@code <commitUser>-<checkpoint>}.
     * Default: a random UUID created once by {@link #build()}. A job restored from a checkpoint or
     * savepoint keeps the commit user stored in its state, whatever this says.
     */
    public StrataSinkBuilder<T> commitUser(String commitUser) {
        this.commitUser = commitUser;
        return this;
    }

    /**
     * INSERT OVERWRITE (batch): each commit also removes the rows of the overwritten partitions in
     * the same table version, see {@code Table.publishOverwrite}. {@code staticPartition}:
     * partition column → value text (empty map: the whole table, or the partitions written when the
     * table is partitioned).
     */
    public StrataSinkBuilder<T> overwrite(Map<String, String> staticPartition) {
        this.overwritePartition = new HashMap<>(staticPartition);
        return this;
    }

    private HashMap<String, String> overwritePartition;

    public StrataSink<T> build() {
        if (tablePath == null || tablePath.isBlank()) {
            throw new IllegalArgumentException("tablePath is required");
        }
        Objects.requireNonNull(converter, "converter is required");
        if (createIfMissing && descriptor == null) {
            throw new IllegalArgumentException(
                    "createIfMissing(true) needs a descriptor for table " + tablePath);
        }
        StrataSinkOptions opts = StrataSinkOptions.fromMap(options);
        String user = commitUser == null ? UUID.randomUUID().toString() : commitUser;
        if (user.isBlank()) {
            throw new IllegalArgumentException("commitUser must not be blank");
        }
        DescriptorSpec spec =
                descriptor == null
                        ? null
                        : DescriptorSpec.of(StrataSchemas.withDeleteSign(descriptor));
        StrataSink<T> sink =
                new StrataSink<>(tablePath, spec, createIfMissing, converter, opts, user);
        sink.overwritePartition = overwritePartition;
        return sink;
    }
}
