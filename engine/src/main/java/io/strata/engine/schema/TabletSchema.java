package io.strata.engine.schema;

import io.strata.proto.segment.CompressionTypePB;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema a segment is written with (Doris {@code TabletSchema}): keys type, ordered columns
 * (key columns first), short-key column count, sequence and delete-sign columns, bloom filter fpp,
 * compression. Immutable; validated at construction so every later stage may trust it.
 *
 * <p>Segment-writing knobs travel with the schema, so every writer of the table (memtable flush,
 * compaction) uses them: Doris's {@code storage_page_size} and {@code storage_dict_page_size}, and
 * Strata's zstd {@code compressionLevel} and {@code sizeOptimized} encoder choices (see {@code
 * SegmentWriterOptions}). None changes what a reader needs to know.
 */
public final class TabletSchema {
    public static final double DEFAULT_BF_FPP = 0.05;

    private final KeysType keysType;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName;
    private final int numKeyColumns;
    private final int numShortKeyColumns;
    private final int sequenceColumnIndex;
    private final int deleteSignIndex;
    private final boolean mergeOnWrite;
    private final double bloomFilterFpp;
    private final CompressionTypePB compression;
    private final int schemaVersion;
    private final int storagePageSize;
    private final int storageDictPageSize;
    private final int compressionLevel;
    private final boolean sizeOptimized;

    /** Doris defaults of {@code storage_page_size} and {@code storage_dict_page_size}. */
    public static final int DEFAULT_STORAGE_PAGE_SIZE = 65536;

    public static final int DEFAULT_STORAGE_DICT_PAGE_SIZE = 262144;

    private TabletSchema(Builder b) {
        this.keysType = b.keysType;
        List<Column> cols = new ArrayList<>();
        int nextId = 0;
        for (Column c : b.columns) {
            nextId = Math.max(nextId, c.uniqueId() + 1);
        }
        for (Column c : b.columns) {
            cols.add(c.uniqueId() >= 0 ? c : c.toBuilder().uniqueId(nextId++).build());
        }
        this.columns = Collections.unmodifiableList(cols);
        this.indexByName = new HashMap<>();
        int keys = 0;
        boolean valueSeen = false;
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            if (indexByName.put(c.name().toLowerCase(Locale.ROOT), i) != null) {
                throw new IllegalArgumentException("duplicate column name '" + c.name() + "'");
            }
            if (c.isKey()) {
                if (valueSeen) {
                    throw new IllegalArgumentException(
                            "key column '" + c.name() + "' must come before all value columns");
                }
                if (c.aggregation() != AggregationType.NONE) {
                    throw new IllegalArgumentException(
                            "key column '" + c.name() + "' cannot have an aggregation");
                }
                if (c.fieldType() == FieldType.FLOAT || c.fieldType() == FieldType.DOUBLE) {
                    throw new IllegalArgumentException(
                            "column '" + c.name() + "': FLOAT/DOUBLE cannot be a key column");
                }
                keys++;
            } else {
                valueSeen = true;
                if (keysType == KeysType.AGG_KEYS
                        && c.aggregation() == AggregationType.NONE
                        && !c.isDeleteSign()) {
                    throw new IllegalArgumentException(
                            "value column '"
                                    + c.name()
                                    + "' of an AGG_KEYS table needs an aggregation");
                }
                if (keysType == KeysType.DUP_KEYS && c.aggregation() != AggregationType.NONE) {
                    throw new IllegalArgumentException(
                            "value column '"
                                    + c.name()
                                    + "' of a DUP_KEYS table cannot have an aggregation");
                }
            }
        }
        if (keys == 0) {
            throw new IllegalArgumentException("a table needs at least one key column");
        }
        this.numKeyColumns = keys;
        this.numShortKeyColumns = computeShortKeyColumns(cols, keys);
        this.sequenceColumnIndex = b.sequenceColumn == null ? -1 : indexOfOrThrow(b.sequenceColumn);
        if (sequenceColumnIndex >= 0 && keysType != KeysType.UNIQUE_KEYS) {
            throw new IllegalArgumentException("a sequence column needs a UNIQUE_KEYS table");
        }
        if (sequenceColumnIndex >= 0 && cols.get(sequenceColumnIndex).isKey()) {
            throw new IllegalArgumentException(
                    "sequence column '" + b.sequenceColumn + "' cannot be a key column");
        }
        Integer ds = indexByName.get(Column.DELETE_SIGN.toLowerCase(Locale.ROOT));
        this.deleteSignIndex = ds == null ? -1 : ds;
        this.mergeOnWrite = b.mergeOnWrite;
        if (mergeOnWrite && keysType != KeysType.UNIQUE_KEYS) {
            throw new IllegalArgumentException("merge-on-write needs a UNIQUE_KEYS table");
        }
        this.bloomFilterFpp = b.bloomFilterFpp;
        this.compression = b.compression;
        this.schemaVersion = b.schemaVersion;
        this.storagePageSize = b.storagePageSize;
        this.storageDictPageSize = b.storageDictPageSize;
        this.compressionLevel = b.compressionLevel;
        this.sizeOptimized = b.sizeOptimized;
    }

    /** Doris FE rule: at most 3 key columns and 36 bytes; a VARCHAR/STRING ends the list. */
    private static int computeShortKeyColumns(List<Column> cols, int keys) {
        int count = 0;
        int bytes = 0;
        for (int i = 0; i < keys && count < 3; i++) {
            Column c = cols.get(i);
            FieldType t = c.fieldType();
            if (t == FieldType.VARCHAR || t == FieldType.STRING) {
                count++;
                break;
            }
            bytes += c.indexLength();
            if (bytes > 36) {
                if (t == FieldType.CHAR) {
                    count++;
                }
                break;
            }
            count++;
        }
        return Math.max(count, 1);
    }

    private int indexOfOrThrow(String name) {
        Integer i = indexByName.get(name.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new IllegalArgumentException("no column named '" + name + "'");
        }
        return i;
    }

    public static Builder builder(KeysType keysType) {
        return new Builder(keysType);
    }

    public Builder toBuilder() {
        Builder b = new Builder(keysType);
        b.columns.addAll(columns);
        b.sequenceColumn =
                sequenceColumnIndex >= 0 ? columns.get(sequenceColumnIndex).name() : null;
        b.mergeOnWrite = mergeOnWrite;
        b.bloomFilterFpp = bloomFilterFpp;
        b.compression = compression;
        b.schemaVersion = schemaVersion;
        b.storagePageSize = storagePageSize;
        b.storageDictPageSize = storageDictPageSize;
        b.compressionLevel = compressionLevel;
        b.sizeOptimized = sizeOptimized;
        return b;
    }

    public KeysType keysType() {
        return keysType;
    }

    public List<Column> columns() {
        return columns;
    }

    public int numColumns() {
        return columns.size();
    }

    public Column column(int i) {
        return columns.get(i);
    }

    /** Index of a column by case-insensitive name, or -1. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name.toLowerCase(Locale.ROOT));
        return i == null ? -1 : i;
    }

    public int numKeyColumns() {
        return numKeyColumns;
    }

    public int numShortKeyColumns() {
        return numShortKeyColumns;
    }

    /** Index of the sequence column, or -1. */
    public int sequenceColumnIndex() {
        return sequenceColumnIndex;
    }

    /** Index of {@code __DORIS_DELETE_SIGN__}, or -1. */
    public int deleteSignIndex() {
        return deleteSignIndex;
    }

    public boolean mergeOnWrite() {
        return mergeOnWrite;
    }

    public double bloomFilterFpp() {
        return bloomFilterFpp;
    }

    public CompressionTypePB compression() {
        return compression;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** Target data page body size in bytes (Doris {@code storage_page_size}). */
    public int storagePageSize() {
        return storagePageSize;
    }

    /** DICT_ENCODING dictionary limit in bytes (Doris {@code storage_dict_page_size}). */
    public int storageDictPageSize() {
        return storageDictPageSize;
    }

    /** zstd level of data and dictionary pages; 0 = Doris's level 3. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /** Whether segments use the size-optimized encoder choices. */
    public boolean sizeOptimized() {
        return sizeOptimized;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TabletSchema)) {
            return false;
        }
        TabletSchema s = (TabletSchema) o;
        return keysType == s.keysType
                && columns.equals(s.columns)
                && sequenceColumnIndex == s.sequenceColumnIndex
                && mergeOnWrite == s.mergeOnWrite
                && Double.compare(bloomFilterFpp, s.bloomFilterFpp) == 0
                && compression == s.compression
                && schemaVersion == s.schemaVersion
                && storagePageSize == s.storagePageSize
                && storageDictPageSize == s.storageDictPageSize
                && compressionLevel == s.compressionLevel
                && sizeOptimized == s.sizeOptimized;
    }

    @Override
    public int hashCode() {
        return columns.hashCode() * 31 + keysType.hashCode();
    }

    @Override
    public String toString() {
        return keysType + " " + columns;
    }

    /** Builder for {@link TabletSchema}. */
    public static final class Builder {
        private final KeysType keysType;
        private final List<Column> columns = new ArrayList<>();
        private String sequenceColumn;
        private boolean mergeOnWrite;
        private double bloomFilterFpp = DEFAULT_BF_FPP;
        private CompressionTypePB compression = CompressionTypePB.LZ4F;
        private int schemaVersion;
        private int storagePageSize = DEFAULT_STORAGE_PAGE_SIZE;
        private int storageDictPageSize = DEFAULT_STORAGE_DICT_PAGE_SIZE;
        private int compressionLevel;
        private boolean sizeOptimized;

        private Builder(KeysType keysType) {
            this.keysType = keysType;
        }

        public Builder column(Column c) {
            columns.add(c);
            return this;
        }

        public Builder columns(List<Column> cs) {
            columns.addAll(cs);
            return this;
        }

        public Builder sequenceColumn(String name) {
            this.sequenceColumn = name;
            return this;
        }

        public Builder mergeOnWrite(boolean v) {
            this.mergeOnWrite = v;
            return this;
        }

        public Builder bloomFilterFpp(double v) {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("bloom filter fpp must be in (0, 1): " + v);
            }
            this.bloomFilterFpp = v;
            return this;
        }

        public Builder compression(CompressionTypePB v) {
            this.compression = v;
            return this;
        }

        public Builder schemaVersion(int v) {
            this.schemaVersion = v;
            return this;
        }

        /** Doris {@code storage_page_size}: 4 KB to 10 MB (Doris's accepted range). */
        public Builder storagePageSize(int bytes) {
            if (bytes < 4096 || bytes > 10 * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "storage_page_size must be between 4096 and 10485760 bytes: " + bytes);
            }
            this.storagePageSize = bytes;
            return this;
        }

        /** Doris {@code storage_dict_page_size}: 4 KB to 100 MB. */
        public Builder storageDictPageSize(int bytes) {
            if (bytes < 4096 || bytes > 100 * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "storage_dict_page_size must be between 4096 and 104857600 bytes: "
                                + bytes);
            }
            this.storageDictPageSize = bytes;
            return this;
        }

        /** zstd level 1..22, or 0 for Doris's default (3). */
        public Builder compressionLevel(int level) {
            if (level < 0 || level > 22) {
                throw new IllegalArgumentException(
                        "compression level must be between 0 and 22: " + level);
            }
            this.compressionLevel = level;
            return this;
        }

        public Builder sizeOptimized(boolean v) {
            this.sizeOptimized = v;
            return this;
        }

        public TabletSchema build() {
            return new TabletSchema(this);
        }
    }
}
