package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RecordConverter;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletRouter;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Routing key of the pre-write shuffle: converts the record's distribution and partition columns
 * into a one-row scratch block with the sink's own converter ({@link
 * RecordConverter#appendColumns}) and computes its bucket and partition id with the engine's {@link
 * TabletRouter}, the code the engine channel uses, so both always agree on the tablet. Key = {@code
 * bucket + fold(partitionId) & 0x3FFFFFFF}; {@link TabletChannelPartitioner} takes it modulo the
 * writer parallelism. A record that fails conversion routes to key 0: the writer converts it again
 * and reports it (strict) or filters it.
 */
public final class TabletKeySelector<T>
        implements KeySelector<T, Integer>, ResultTypeQueryable<Integer> {
    private static final long serialVersionUID = 1L;

    private final TableResolver resolver;
    private final RecordConverter<T> converter;
    private final StrataSinkOptions options;

    private transient Block scratch;
    private transient TabletRouter router;
    private transient int[] routingColumns;

    public TabletKeySelector(
            TableResolver resolver, RecordConverter<T> converter, StrataSinkOptions options) {
        this.resolver = resolver;
        this.converter = converter;
        this.options = options;
    }

    private void init() {
        TableDescriptor d;
        try {
            d = resolver.routingDescriptor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TabletSchema schema = d.schema();
        converter.open(schema, options);
        router = new TabletRouter(d);
        scratch = Block.create(schema.columns(), 1);
        routingColumns =
                java.util.stream.IntStream.concat(
                                Arrays.stream(d.distributionColumnIndexes()),
                                Arrays.stream(d.partitionColumnIndexes()))
                        .distinct()
                        .sorted()
                        .toArray();
    }

    @Override
    public Integer getKey(T record) {
        if (scratch == null) {
            init();
        }
        scratch.reset();
        try {
            if (!converter.appendColumns(record, scratch, routingColumns)) {
                return 0;
            }
        } catch (BadRecordException | RuntimeException e) {
            return 0;
        }
        int bucket = router.bucketOfRow(scratch, 0);
        return routingKey(
                bucket,
                router.isPartitioned()
                        ? router.partitionId(scratch, 0)
                        : TabletRouter.UNPARTITIONED,
                router.isPartitioned());
    }

    /**
     * The routing key of a tablet: its writer subtask is {@code floorMod(key, parallelism)} (see
     * {@link TabletChannelPartitioner}). The writer uses it to compact exactly the tablets it
     * writes.
     */
    public static int routingKey(int bucket, long partitionId, boolean partitioned) {
        int key = bucket;
        if (partitioned) {
            key += (int) ((partitionId ^ (partitionId >>> 30)) & 0x3FFFFFFF);
        }
        return key;
    }

    @Override
    public TypeInformation<Integer> getProducedType() {
        return Types.INT;
    }
}
