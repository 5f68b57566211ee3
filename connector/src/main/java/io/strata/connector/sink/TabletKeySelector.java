package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RecordConverter;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.BucketHash;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletRouter;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Routing key of the pre-write shuffle: converts the record into a one-row scratch block with the
 * sink's own converter and computes its bucket (and partition hash) with the engine's {@link
 * BucketHash}/{@link TabletRouter}, the code the engine channel uses, so both always agree on the
 * tablet. Key = {@code bucket + (partitionHash & 0x3FFFFFFF)}; {@link TabletChannelPartitioner}
 * takes it modulo the writer parallelism. A record that fails conversion routes to key 0: the
 * writer converts it again and reports it (strict) or filters it.
 */
public final class TabletKeySelector<T>
        implements KeySelector<T, Integer>, ResultTypeQueryable<Integer> {
    private static final long serialVersionUID = 1L;

    private final TableResolver resolver;
    private final RecordConverter<T> converter;
    private final StrataSinkOptions options;

    private transient Block scratch;
    private transient TabletRouter router;
    private transient int[] distributionColumns;
    private transient int[] partitionColumns;

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
        distributionColumns = indexes(schema, d.distributionColumns());
        partitionColumns = indexes(schema, d.partitionColumns());
        scratch = Block.create(schema.columns(), 1);
    }

    static int[] indexes(TabletSchema schema, java.util.List<String> names) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = schema.indexOf(names.get(i));
            if (out[i] < 0) {
                throw new IllegalArgumentException("no column named '" + names.get(i) + "'");
            }
        }
        return out;
    }

    @Override
    public Integer getKey(T record) {
        if (scratch == null) {
            init();
        }
        scratch.reset();
        try {
            if (!converter.append(record, scratch)) {
                return 0;
            }
        } catch (BadRecordException | RuntimeException e) {
            return 0;
        }
        int key = router.bucket(BucketHash.hashRow(scratch, distributionColumns, 0));
        if (partitionColumns.length > 0) {
            key += BucketHash.hashRow(scratch, partitionColumns, 0) & 0x3FFFFFFF;
        }
        return key;
    }

    @Override
    public TypeInformation<Integer> getProducedType() {
        return Types.INT;
    }
}
