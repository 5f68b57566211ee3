package io.strata.engine.schema;

import java.util.Objects;

/**
 * One column of a tablet schema (Doris {@code TabletColumn}). Immutable; build with {@link
 * #builder(String, DataType)}.
 */
public final class Column {
    /** Doris hidden delete-sign column (TINYINT NOT NULL, REPLACE, invisible). */
    public static final String DELETE_SIGN = "__DORIS_DELETE_SIGN__";

    private final int uniqueId;
    private final String name;
    private final DataType type;
    private final boolean nullable;
    private final boolean key;
    private final AggregationType aggregation;
    private final boolean bloomFilter;
    private final boolean bitmapIndex;
    private final boolean visible;

    private Column(Builder b) {
        this.uniqueId = b.uniqueId;
        this.name = Objects.requireNonNull(b.name, "name");
        this.type = Objects.requireNonNull(b.type, "type");
        this.nullable = b.nullable;
        this.key = b.key;
        this.aggregation = b.aggregation == null ? AggregationType.NONE : b.aggregation;
        this.bloomFilter = b.bloomFilter;
        this.bitmapIndex = b.bitmapIndex;
        this.visible = b.visible;
    }

    public static Builder builder(String name, DataType type) {
        return new Builder(name, type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.uniqueId = uniqueId;
        b.nullable = nullable;
        b.key = key;
        b.aggregation = aggregation;
        b.bloomFilter = bloomFilter;
        b.bitmapIndex = bitmapIndex;
        b.visible = visible;
        return b;
    }

    /** Column unique id (stable across schema changes); -1 until assigned by a TabletSchema. */
    public int uniqueId() {
        return uniqueId;
    }

    public String name() {
        return name;
    }

    public DataType type() {
        return type;
    }

    public FieldType fieldType() {
        return type.fieldType();
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean isKey() {
        return key;
    }

    public AggregationType aggregation() {
        return aggregation;
    }

    public boolean hasBloomFilter() {
        return bloomFilter;
    }

    public boolean hasBitmapIndex() {
        return bitmapIndex;
    }

    public boolean visible() {
        return visible;
    }

    public boolean isDeleteSign() {
        return DELETE_SIGN.equals(name);
    }

    /**
     * Short-key index length in bytes (Doris {@code index_length}): fixed types their width, CHAR
     * its length, VARCHAR/STRING 20.
     */
    public int indexLength() {
        switch (type.fieldType()) {
            case CHAR:
                return type.length();
            case VARCHAR:
            case STRING:
                return 20;
            default:
                return type.fieldType().fixedSize;
        }
    }

    @Override
    public String toString() {
        return name
                + " "
                + type
                + (nullable ? "" : " NOT NULL")
                + (key ? " KEY" : "")
                + (aggregation != AggregationType.NONE ? " " + aggregation : "");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column c = (Column) o;
        return uniqueId == c.uniqueId
                && name.equals(c.name)
                && type.equals(c.type)
                && nullable == c.nullable
                && key == c.key
                && aggregation == c.aggregation
                && bloomFilter == c.bloomFilter
                && bitmapIndex == c.bitmapIndex
                && visible == c.visible;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uniqueId, name, type, nullable, key, aggregation);
    }

    /** Builder for {@link Column}. */
    public static final class Builder {
        private int uniqueId = -1;
        private final String name;
        private final DataType type;
        private boolean nullable = true;
        private boolean key;
        private AggregationType aggregation = AggregationType.NONE;
        private boolean bloomFilter;
        private boolean bitmapIndex;
        private boolean visible = true;

        private Builder(String name, DataType type) {
            this.name = name;
            this.type = type;
        }

        public Builder uniqueId(int id) {
            this.uniqueId = id;
            return this;
        }

        public Builder nullable(boolean v) {
            this.nullable = v;
            return this;
        }

        public Builder key(boolean v) {
            this.key = v;
            return this;
        }

        public Builder aggregation(AggregationType v) {
            this.aggregation = v;
            return this;
        }

        public Builder bloomFilter(boolean v) {
            this.bloomFilter = v;
            return this;
        }

        public Builder bitmapIndex(boolean v) {
            this.bitmapIndex = v;
            return this;
        }

        public Builder visible(boolean v) {
            this.visible = v;
            return this;
        }

        public Column build() {
            return new Column(this);
        }
    }
}
