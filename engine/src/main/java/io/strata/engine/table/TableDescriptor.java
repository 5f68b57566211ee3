package io.strata.engine.table;

import io.strata.engine.schema.Column;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable description of a table: schema, distribution (hash columns + bucket count, or RANDOM),
 * identity partition columns and free-form properties. Validated at {@link Builder#build()}: every
 * named column exists, RANDOM distribution only on DUP_KEYS tables, distribution and partition
 * columns of UNIQUE/AGG tables are key columns (so one key always lands in one tablet), partition
 * columns are not FLOAT/DOUBLE.
 */
public final class TableDescriptor {
    /** Largest bucket count: tablet ids keep the bucket in their low 16 bits. */
    public static final int MAX_BUCKETS = 1 << 16;

    private final TabletSchema schema;
    private final List<String> distributionColumns;
    private final int buckets;
    private final List<String> partitionColumns;
    private final Map<String, String> properties;

    private TableDescriptor(Builder b) {
        // storage properties (page sizes, zstd level, encoder choices) travel with the schema
        this.schema = StorageProperties.apply(b.schema, b.properties);
        this.distributionColumns = List.copyOf(b.distribution);
        this.buckets = b.buckets;
        this.partitionColumns = List.copyOf(b.partitionColumns);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        validate();
    }

    private void validate() {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException(
                    "buckets must be in [1, " + MAX_BUCKETS + "]: " + buckets);
        }
        if (distributionColumns.isEmpty() && schema.keysType() != KeysType.DUP_KEYS) {
            throw new IllegalArgumentException(
                    "RANDOM distribution (no distribution columns) needs a DUP_KEYS table; "
                            + schema.keysType()
                            + " tables must be distributed by key columns");
        }
        for (String c : distributionColumns) {
            Column col = column(c, "distribution");
            if (schema.keysType() != KeysType.DUP_KEYS && !col.isKey()) {
                throw new IllegalArgumentException(
                        "distribution column '"
                                + c
                                + "' of a "
                                + schema.keysType()
                                + " table must be a key column");
            }
        }
        for (String c : partitionColumns) {
            Column col = column(c, "partition");
            if (col.fieldType() == FieldType.FLOAT || col.fieldType() == FieldType.DOUBLE) {
                throw new IllegalArgumentException(
                        "partition column '" + c + "' cannot be FLOAT/DOUBLE");
            }
            if (schema.keysType() != KeysType.DUP_KEYS && !col.isKey()) {
                throw new IllegalArgumentException(
                        "partition column '"
                                + c
                                + "' of a "
                                + schema.keysType()
                                + " table must be a key column");
            }
        }
        if (partitionColumns.stream().map(String::toLowerCase).distinct().count()
                != partitionColumns.size()) {
            throw new IllegalArgumentException("duplicate partition column: " + partitionColumns);
        }
    }

    private Column column(String name, String role) {
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    role + " column '" + name + "' is not a column of the schema");
        }
        return schema.column(i);
    }

    /** A builder with the given schema, RANDOM distribution, 1 bucket, no partitions. */
    public static Builder builder(TabletSchema schema) {
        return new Builder(schema);
    }

    /** A builder initialised with this descriptor's settings. */
    public Builder toBuilder() {
        return new Builder(schema)
                .distribution(distributionColumns)
                .buckets(buckets)
                .partitionColumns(partitionColumns)
                .properties(properties);
    }

    public TabletSchema schema() {
        return schema;
    }

    /** Hash distribution columns; empty means RANDOM distribution. */
    public List<String> distributionColumns() {
        return distributionColumns;
    }

    public int buckets() {
        return buckets;
    }

    /** Identity partition columns (empty = one unpartitioned partition). */
    public List<String> partitionColumns() {
        return partitionColumns;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** True when rows are distributed randomly (no distribution columns). */
    public boolean isRandomDistribution() {
        return distributionColumns.isEmpty();
    }

    /** Schema indexes of the distribution columns. */
    public int[] distributionColumnIndexes() {
        return indexes(distributionColumns);
    }

    /** Schema indexes of the partition columns. */
    public int[] partitionColumnIndexes() {
        return indexes(partitionColumns);
    }

    private int[] indexes(List<String> names) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = schema.indexOf(names.get(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TableDescriptor)) {
            return false;
        }
        TableDescriptor d = (TableDescriptor) o;
        return schema.equals(d.schema)
                && distributionColumns.equals(d.distributionColumns)
                && buckets == d.buckets
                && partitionColumns.equals(d.partitionColumns)
                && properties.equals(d.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, distributionColumns, buckets, partitionColumns);
    }

    @Override
    public String toString() {
        return schema
                + " DISTRIBUTED BY "
                + (distributionColumns.isEmpty() ? "RANDOM" : "HASH" + distributionColumns)
                + " BUCKETS "
                + buckets
                + (partitionColumns.isEmpty() ? "" : " PARTITION BY " + partitionColumns);
    }

    /** Builder of {@link TableDescriptor}. */
    public static final class Builder {
        private final TabletSchema schema;
        private List<String> distribution = new ArrayList<>();
        private int buckets = 1;
        private List<String> partitionColumns = new ArrayList<>();
        private Map<String, String> properties = new LinkedHashMap<>();

        private Builder(TabletSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        /** Hash distribution columns; empty = RANDOM (DUP_KEYS only). */
        public Builder distribution(List<String> cols) {
            this.distribution = new ArrayList<>(cols);
            return this;
        }

        public Builder buckets(int n) {
            this.buckets = n;
            return this;
        }

        /** Identity partition columns (any non-float column; key columns for UNIQUE/AGG). */
        public Builder partitionColumns(List<String> cols) {
            this.partitionColumns = new ArrayList<>(cols);
            return this;
        }

        public Builder properties(Map<String, String> props) {
            this.properties = new LinkedHashMap<>(props);
            return this;
        }

        public Builder property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        public TableDescriptor build() {
            return new TableDescriptor(this);
        }
    }
}
