package io.strata.connector.sink;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.TableDescriptor;
import io.strata.proto.segment.CompressionTypePB;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Java-serializable copy of an engine {@link TableDescriptor} (the engine keeps no Flink or
 * serialization concerns), so the sink can carry the descriptor to the task managers. {@link
 * #toDescriptor()} rebuilds an equal descriptor.
 */
public final class DescriptorSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String keysType;
    private final List<ColumnSpec> columns;
    private final String sequenceColumn;
    private final boolean mergeOnWrite;
    private final double bloomFilterFpp;
    private final String compression;
    private final int schemaVersion;
    private final List<String> distribution;
    private final int buckets;
    private final List<String> partitionColumns;
    private final HashMap<String, String> properties;

    private DescriptorSpec(TableDescriptor d) {
        TabletSchema s = d.schema();
        this.keysType = s.keysType().name();
        List<ColumnSpec> cs = new ArrayList<>();
        for (Column c : s.columns()) {
            cs.add(new ColumnSpec(c));
        }
        this.columns = cs;
        this.sequenceColumn =
                s.sequenceColumnIndex() >= 0 ? s.column(s.sequenceColumnIndex()).name() : null;
        this.mergeOnWrite = s.mergeOnWrite();
        this.bloomFilterFpp = s.bloomFilterFpp();
        this.compression = s.compression() == null ? null : s.compression().name();
        this.schemaVersion = s.schemaVersion();
        this.distribution = new ArrayList<>(d.distributionColumns());
        this.buckets = d.buckets();
        this.partitionColumns = new ArrayList<>(d.partitionColumns());
        this.properties = new HashMap<>(d.properties());
    }

    /** Captures a descriptor. */
    public static DescriptorSpec of(TableDescriptor d) {
        return new DescriptorSpec(d);
    }

    /** Rebuilds the schema. */
    public TabletSchema toSchema() {
        TabletSchema.Builder b = TabletSchema.builder(KeysType.valueOf(keysType));
        for (ColumnSpec c : columns) {
            b.column(c.toColumn());
        }
        if (sequenceColumn != null) {
            b.sequenceColumn(sequenceColumn);
        }
        b.mergeOnWrite(mergeOnWrite).bloomFilterFpp(bloomFilterFpp).schemaVersion(schemaVersion);
        if (compression != null) {
            b.compression(CompressionTypePB.valueOf(compression));
        }
        return b.build();
    }

    /** Rebuilds the descriptor. */
    public TableDescriptor toDescriptor() {
        return TableDescriptor.builder(toSchema())
                .distribution(distribution)
                .buckets(buckets)
                .partitionColumns(partitionColumns)
                .properties(Map.copyOf(properties))
                .build();
    }

    /** True when the descriptor uses RANDOM distribution (no distribution columns). */
    public boolean isRandomDistribution() {
        return distribution.isEmpty();
    }

    private static final class ColumnSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        final int uniqueId;
        final String name;
        final String type;
        final boolean nullable;
        final boolean key;
        final String aggregation;
        final boolean bloomFilter;
        final boolean bitmapIndex;
        final boolean visible;

        ColumnSpec(Column c) {
            this.uniqueId = c.uniqueId();
            this.name = c.name();
            this.type = c.type().toString();
            this.nullable = c.nullable();
            this.key = c.isKey();
            this.aggregation = c.aggregation().name();
            this.bloomFilter = c.hasBloomFilter();
            this.bitmapIndex = c.hasBitmapIndex();
            this.visible = c.visible();
        }

        Column toColumn() {
            return Column.builder(name, DataType.parse(type))
                    .uniqueId(uniqueId)
                    .nullable(nullable)
                    .key(key)
                    .aggregation(AggregationType.valueOf(aggregation))
                    .bloomFilter(bloomFilter)
                    .bitmapIndex(bitmapIndex)
                    .visible(visible)
                    .build();
        }
    }
}
