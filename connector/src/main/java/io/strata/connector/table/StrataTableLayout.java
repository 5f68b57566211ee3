package io.strata.connector.table;

import io.strata.connector.table.StrataConnectorOptions.KeysTypeOption;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.StorageProperties;
import io.strata.engine.table.Table;
import io.strata.proto.segment.CompressionTypePB;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.TableDistribution;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.strata.connector.table.StrataConnectorOptions.AGGREGATE_FUNCTION_SUFFIX;
import static io.strata.connector.table.StrataConnectorOptions.FIELDS_PREFIX;

/**
 * How a Flink table (physical columns, PRIMARY KEY, PARTITIONED BY, DISTRIBUTED BY and connector
 * options) maps onto a Strata table: the Doris tablet schema, distribution, buckets and partition
 * columns, plus the column permutation between Flink's declared order and storage order (Doris
 * keeps key columns first).
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>{@code PRIMARY KEY (...) NOT ENFORCED} → UNIQUE keys on those columns (in key order), with
 *       the hidden {@code __DORIS_DELETE_SIGN__} column last.
 *   <li>{@code table.keys-type = aggregate} → AGG keys: key columns are the ones without {@code
 *       fields.<col>.aggregate-function}.
 *   <li>otherwise DUP keys on {@code duplicate-key}, or on the leading columns by Doris's short key
 *       rule.
 *   <li>distribution: {@code bucket-key} / {@code DISTRIBUTED BY HASH(...)}, default the key
 *       columns for UNIQUE/AGG and random for DUP; buckets {@code bucket} / {@code INTO n BUCKETS},
 *       default 1.
 * </ul>
 *
 * Immutable; computed on the client at planning time.
 */
public final class StrataTableLayout {
    private final TabletSchema schema;
    private final List<String> distributionColumns;
    private final int buckets;
    private final List<String> partitionColumns;
    private final int[] storageToFlink;
    private final RowType flinkRowType;
    private final boolean bucketsDeclared;
    private final boolean distributionDeclared;
    private final Map<String, String> tableProperties;

    private StrataTableLayout(
            TabletSchema schema,
            List<String> distributionColumns,
            int buckets,
            List<String> partitionColumns,
            int[] storageToFlink,
            RowType flinkRowType,
            Map<String, String> tableProperties) {
        this.schema = schema;
        this.tableProperties = Map.copyOf(tableProperties);
        this.distributionColumns = List.copyOf(distributionColumns);
        this.buckets = buckets;
        this.partitionColumns = List.copyOf(partitionColumns);
        this.storageToFlink = storageToFlink;
        this.flinkRowType = flinkRowType;
        this.bucketsDeclared = true;
        this.distributionDeclared = true;
    }

    private StrataTableLayout(
            StrataTableLayout l,
            List<String> distributionColumns,
            int buckets,
            boolean bucketsDeclared,
            boolean distributionDeclared) {
        this.schema = l.schema;
        this.tableProperties = l.tableProperties;
        this.distributionColumns = List.copyOf(distributionColumns);
        this.buckets = buckets;
        this.partitionColumns = l.partitionColumns;
        this.storageToFlink = l.storageToFlink;
        this.flinkRowType = l.flinkRowType;
        this.bucketsDeclared = bucketsDeclared;
        this.distributionDeclared = distributionDeclared;
    }

    /** False when neither 'bucket' nor INTO n BUCKETS was given (the default 1 applies). */
    public boolean bucketsDeclared() {
        return bucketsDeclared;
    }

    /** False when neither 'bucket-key' nor DISTRIBUTED BY (keys) was given. */
    public boolean distributionDeclared() {
        return distributionDeclared;
    }

    /**
     * This layout with the distribution and bucket count the DDL left open taken from an existing
     * table, so a DDL that does not mention them matches whatever the table was created with.
     */
    public StrataTableLayout adoptUndeclared(List<String> storedDistribution, int storedBuckets) {
        return new StrataTableLayout(
                this,
                distributionDeclared ? distributionColumns : storedDistribution,
                bucketsDeclared ? buckets : storedBuckets,
                bucketsDeclared,
                distributionDeclared);
    }

    /**
     * Engine table properties the DDL sets: {@code compaction.*} as given and {@code
     * table.retention} as {@code snapshot.retained}. Stored in the table when it is created.
     */
    public Map<String, String> tableProperties() {
        return tableProperties;
    }

    /** The tablet schema (storage order: keys first, hidden columns last). */
    public TabletSchema schema() {
        return schema;
    }

    /** Hash distribution columns; empty = random distribution. */
    public List<String> distributionColumns() {
        return distributionColumns;
    }

    public int buckets() {
        return buckets;
    }

    /** Identity partition columns (storage names). */
    public List<String> partitionColumns() {
        return partitionColumns;
    }

    /** For each storage column, the index of the Flink field it comes from, or -1 (hidden). */
    public int[] storageToFlink() {
        return storageToFlink.clone();
    }

    /** The Flink physical row type, in Flink's declared order. */
    public RowType flinkRowType() {
        return flinkRowType;
    }

    /**
     * Storage-ordered row type: the Flink fields permuted into storage order, without hidden
     * columns.
     */
    public RowType storageRowType() {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int f : storageToFlink) {
            if (f >= 0) {
                fields.add(flinkRowType.getFields().get(f));
            }
        }
        return new RowType(flinkRowType.isNullable(), fields);
    }

    /** True when the Flink order already equals storage order (no permutation needed). */
    public boolean isIdentityOrder() {
        for (int i = 0; i < storageToFlink.length; i++) {
            if (storageToFlink[i] >= 0 && storageToFlink[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * Derives the layout.
     *
     * @param rowType physical columns in declared order
     * @param primaryKey primary key column names (empty when none)
     * @param partitionKeys PARTITIONED BY columns
     * @param distribution the DDL's DISTRIBUTED BY clause, if any
     * @param options validated connector options
     * @param rawOptions all connector options as strings (for {@code fields.*})
     */
    public static StrataTableLayout derive(
            RowType rowType,
            List<String> primaryKey,
            List<String> partitionKeys,
            Optional<TableDistribution> distribution,
            ReadableConfig options,
            Map<String, String> rawOptions) {
        List<String> names = rowType.getFieldNames();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i).toLowerCase(Locale.ROOT), i);
            if (names.get(i).equalsIgnoreCase(Column.DELETE_SIGN)) {
                throw new ValidationException(
                        "Column name '" + names.get(i) + "' is reserved by Strata.");
            }
        }
        DataType[] types = new DataType[names.size()];
        for (int i = 0; i < names.size(); i++) {
            types[i] = FlinkTypeMapping.toDoris(names.get(i), rowType.getTypeAt(i));
        }
        Map<Integer, AggregationType> aggs = aggregateFunctions(rawOptions, byName);

        Optional<KeysTypeOption> declared =
                options.getOptional(StrataConnectorOptions.TABLE_KEYS_TYPE);
        KeysType keysType;
        if (!primaryKey.isEmpty()) {
            if (declared.isPresent() && declared.get() != KeysTypeOption.UNIQUE) {
                throw new ValidationException(
                        "A PRIMARY KEY makes a UNIQUE table, but 'table.keys-type' = '"
                                + declared.get().name().toLowerCase(Locale.ROOT)
                                + "'. Remove the PRIMARY KEY or the option.");
            }
            keysType = KeysType.UNIQUE_KEYS;
        } else if (declared.orElse(KeysTypeOption.DUPLICATE) == KeysTypeOption.UNIQUE) {
            throw new ValidationException(
                    "'table.keys-type' = 'unique' needs a PRIMARY KEY (...) NOT ENFORCED.");
        } else if (declared.orElse(KeysTypeOption.DUPLICATE) == KeysTypeOption.AGGREGATE) {
            keysType = KeysType.AGG_KEYS;
        } else {
            keysType = KeysType.DUP_KEYS;
        }
        if (keysType != KeysType.AGG_KEYS && !aggs.isEmpty()) {
            int c = aggs.keySet().iterator().next();
            throw new ValidationException(
                    "Column '"
                            + names.get(c)
                            + "' has an aggregate function, which needs 'table.keys-type' = "
                            + "'aggregate'.");
        }

        // Key columns, in key order.
        List<Integer> keys = new ArrayList<>();
        switch (keysType) {
            case UNIQUE_KEYS:
                for (String k : primaryKey) {
                    keys.add(resolve(byName, k, "PRIMARY KEY"));
                }
                break;
            case AGG_KEYS:
                for (int i = 0; i < names.size(); i++) {
                    if (!aggs.containsKey(i)) {
                        keys.add(i);
                    }
                }
                if (keys.isEmpty()) {
                    throw new ValidationException(
                            "An aggregate table needs at least one key column (a column without "
                                    + "'fields.<col>.aggregate-function').");
                }
                break;
            default:
                Optional<List<String>> dk =
                        options.getOptional(StrataConnectorOptions.DUPLICATE_KEY)
                                .map(StrataConnectorOptions::columnList);
                if (dk.isPresent()) {
                    for (String k : dk.get()) {
                        keys.add(resolve(byName, k.trim(), "duplicate-key"));
                    }
                } else {
                    keys.addAll(leadingKeyColumns(names, types));
                }
                if (keys.isEmpty()) {
                    throw new ValidationException(
                            "Cannot pick a sort key for the duplicate table: the first column '"
                                    + names.get(0)
                                    + "' is FLOAT/DOUBLE. Set 'duplicate-key'.");
                }
        }
        for (int k : keys) {
            FieldType ft = types[k].fieldType();
            if (ft == FieldType.FLOAT || ft == FieldType.DOUBLE) {
                throw new ValidationException(
                        "Column '"
                                + names.get(k)
                                + "' is FLOAT/DOUBLE and cannot be a key column.");
            }
        }
        if (new LinkedHashSet<>(keys).size() != keys.size()) {
            throw new ValidationException("Key columns repeat a column: " + keys);
        }

        Set<String> bloom =
                lowerSet(
                        options.getOptional(StrataConnectorOptions.BLOOM_FILTER_COLUMNS)
                                .map(StrataConnectorOptions::columnList));
        Set<String> bitmap =
                lowerSet(
                        options.getOptional(StrataConnectorOptions.BITMAP_INDEX_COLUMNS)
                                .map(StrataConnectorOptions::columnList));
        for (String c : bloom) {
            resolve(byName, c, "bloom-filter.columns");
        }
        for (String c : bitmap) {
            resolve(byName, c, "bitmap-index.columns");
        }

        List<Integer> order = new ArrayList<>(keys);
        for (int i = 0; i < names.size(); i++) {
            if (!keys.contains(i)) {
                order.add(i);
            }
        }
        TabletSchema.Builder sb = TabletSchema.builder(keysType);
        for (int idx : order) {
            boolean isKey = keys.contains(idx);
            String n = names.get(idx);
            AggregationType agg = AggregationType.NONE;
            if (!isKey && keysType == KeysType.AGG_KEYS) {
                agg = aggs.get(idx);
            }
            sb.column(
                    Column.builder(n, types[idx])
                            .nullable(rowType.getTypeAt(idx).isNullable())
                            .key(isKey)
                            .aggregation(agg)
                            .bloomFilter(bloom.contains(n.toLowerCase(Locale.ROOT)))
                            .bitmapIndex(bitmap.contains(n.toLowerCase(Locale.ROOT)))
                            .build());
        }
        int[] storageToFlink;
        if (keysType == KeysType.UNIQUE_KEYS) {
            // Doris: UNIQUE tables carry a hidden delete sign so that -D/-U rows become deletes.
            sb.column(
                    Column.builder(Column.DELETE_SIGN, DataType.of(FieldType.TINYINT))
                            .nullable(false)
                            .aggregation(AggregationType.REPLACE)
                            .visible(false)
                            .build());
            storageToFlink = new int[order.size() + 1];
            storageToFlink[order.size()] = -1;
        } else {
            storageToFlink = new int[order.size()];
        }
        for (int i = 0; i < order.size(); i++) {
            storageToFlink[i] = order.get(i);
        }
        Optional<String> seq = options.getOptional(StrataConnectorOptions.SEQUENCE_FIELD);
        if (seq.isPresent()) {
            if (keysType != KeysType.UNIQUE_KEYS) {
                throw new ValidationException(
                        "'sequence.field' needs a UNIQUE table (a PRIMARY KEY).");
            }
            int s = resolve(byName, seq.get(), "sequence.field");
            if (keys.contains(s)) {
                throw new ValidationException(
                        "'sequence.field' column '" + names.get(s) + "' cannot be a key column.");
            }
            sb.sequenceColumn(names.get(s));
        }
        sb.compression(compression(options.get(StrataConnectorOptions.COMPRESSION)));
        TabletSchema schema;
        try {
            schema = sb.build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Invalid Strata table: " + e.getMessage(), e);
        }

        // Distribution.
        List<String> dist;
        Integer buckets = options.getOptional(StrataConnectorOptions.BUCKET).orElse(null);
        Optional<List<String>> bucketKey =
                options.getOptional(StrataConnectorOptions.BUCKET_KEY)
                        .map(StrataConnectorOptions::columnList);
        if (distribution.isPresent()) {
            TableDistribution d = distribution.get();
            if (d.getKind() == TableDistribution.Kind.RANGE) {
                throw new ValidationException(
                        "Strata supports DISTRIBUTED BY HASH(...) only, not RANGE.");
            }
            if (bucketKey.isPresent() && !d.getBucketKeys().isEmpty()) {
                throw new ValidationException(
                        "Use either DISTRIBUTED BY or 'bucket-key', not both.");
            }
            if (d.getBucketCount().isPresent() && buckets != null) {
                throw new ValidationException("Use either INTO n BUCKETS or 'bucket', not both.");
            }
            if (!d.getBucketKeys().isEmpty()) {
                bucketKey = Optional.of(d.getBucketKeys());
            }
            if (d.getBucketCount().isPresent()) {
                buckets = d.getBucketCount().get();
            }
        }
        if (bucketKey.isPresent()) {
            dist = new ArrayList<>();
            for (String k : bucketKey.get()) {
                int i = resolve(byName, k.trim(), "bucket key");
                if (keysType != KeysType.DUP_KEYS && !keys.contains(i)) {
                    throw new ValidationException(
                            "Bucket key column '"
                                    + names.get(i)
                                    + "' must be a key column of a "
                                    + (keysType == KeysType.UNIQUE_KEYS ? "UNIQUE" : "AGGREGATE")
                                    + " table (rows of one key must land in one tablet).");
                }
                dist.add(names.get(i));
            }
        } else if (keysType == KeysType.DUP_KEYS) {
            dist = Collections.emptyList();
        } else {
            dist = new ArrayList<>();
            for (int k : keys) {
                dist.add(names.get(k));
            }
        }
        int nb = buckets == null ? 1 : buckets;
        if (nb < 1) {
            throw new ValidationException("Bucket count must be at least 1, got " + nb + ".");
        }

        List<String> parts = new ArrayList<>();
        for (String p : partitionKeys) {
            int i = resolve(byName, p, "PARTITIONED BY");
            FieldType ft = types[i].fieldType();
            if (ft == FieldType.FLOAT || ft == FieldType.DOUBLE) {
                throw new ValidationException(
                        "Partition column '" + names.get(i) + "' cannot be FLOAT/DOUBLE.");
            }
            if (keysType != KeysType.DUP_KEYS && !keys.contains(i)) {
                throw new ValidationException(
                        "Partition column '"
                                + names.get(i)
                                + "' must be a key column of a "
                                + (keysType == KeysType.UNIQUE_KEYS
                                        ? "UNIQUE table (part of the PRIMARY KEY)."
                                        : "AGGREGATE table."));
            }
            parts.add(names.get(i));
        }
        StrataTableLayout l =
                new StrataTableLayout(
                        schema,
                        dist,
                        nb,
                        parts,
                        storageToFlink,
                        rowType,
                        tableProperties(options, rawOptions));
        return new StrataTableLayout(l, dist, nb, buckets != null, bucketKey.isPresent());
    }

    private static Map<String, String> tableProperties(
            ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> props = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : rawOptions.entrySet()) {
            if (e.getKey().startsWith(StrataConnectorOptions.COMPACTION_PREFIX)) {
                props.put(e.getKey(), e.getValue());
            }
        }
        options.getOptional(StrataConnectorOptions.TABLE_RETENTION)
                .ifPresent(
                        r -> {
                            if (r < 1) {
                                throw new ValidationException(
                                        "'table.retention' must be at least 1: " + r);
                            }
                            props.put(Table.RETAINED_VERSIONS, String.valueOf(r));
                        });
        options.getOptional(StrataConnectorOptions.SNAPSHOT_TIME_RETAINED)
                .ifPresent(
                        d -> {
                            if (d.isNegative()) {
                                throw new ValidationException(
                                        "'snapshot.time-retained' must not be negative: " + d);
                            }
                            props.put(
                                    Table.TIME_RETAINED,
                                    io.strata.engine.util.Durations.format(d.toMillis()));
                        });
        options.getOptional(StrataConnectorOptions.STORAGE_PAGE_SIZE)
                .ifPresent(v -> props.put(StorageProperties.STORAGE_PAGE_SIZE, v.toString()));
        options.getOptional(StrataConnectorOptions.STORAGE_DICT_PAGE_SIZE)
                .ifPresent(v -> props.put(StorageProperties.STORAGE_DICT_PAGE_SIZE, v.toString()));
        options.getOptional(StrataConnectorOptions.COMPRESSION_LEVEL)
                .ifPresent(v -> props.put(StorageProperties.COMPRESSION_LEVEL, v.toString()));
        options.getOptional(StrataConnectorOptions.STORAGE_SIZE_OPTIMIZED)
                .ifPresent(v -> props.put(StorageProperties.SIZE_OPTIMIZED, v.toString()));
        Set<String> known =
                Set.of(
                        CompactionOptions.CUMULATIVE_MIN_ROWSETS,
                        CompactionOptions.CUMULATIVE_MAX_ROWSETS,
                        CompactionOptions.PROMOTION_BYTES,
                        CompactionOptions.BASE_MIN_ROWSETS,
                        CompactionOptions.BASE_SIZE_RATIO,
                        CompactionOptions.SOFT_LIMIT,
                        CompactionOptions.HARD_LIMIT,
                        CompactionOptions.SEGMENT_BYTES);
        for (String k : props.keySet()) {
            if (k.startsWith(StrataConnectorOptions.COMPACTION_PREFIX) && !known.contains(k)) {
                throw new ValidationException(
                        "Unknown Strata table option '"
                                + k
                                + "'. Compaction options: "
                                + new java.util.TreeSet<>(known));
            }
        }
        try {
            // Bad values fail at DDL time, naming the key and the value.
            CompactionOptions.fromProperties(props);
            StorageProperties.apply(
                    TabletSchema.builder(KeysType.DUP_KEYS)
                            .column(
                                    Column.builder("k", DataType.of(FieldType.INT))
                                            .key(true)
                                            .build())
                            .build(),
                    props);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Invalid Strata table: " + e.getMessage(), e);
        }
        return props;
    }

    /** Doris's default DUP key: short key rule (≤ 3 columns, ≤ 36 bytes, a string ends it). */
    private static List<Integer> leadingKeyColumns(List<String> names, DataType[] types) {
        List<Integer> keys = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < names.size() && keys.size() < 3; i++) {
            FieldType t = types[i].fieldType();
            if (t == FieldType.FLOAT || t == FieldType.DOUBLE) {
                break;
            }
            if (t == FieldType.VARCHAR || t == FieldType.STRING) {
                keys.add(i);
                break;
            }
            int len = t == FieldType.CHAR ? types[i].length() : t.fixedSize;
            if (bytes + len > 36) {
                if (keys.isEmpty() || t == FieldType.CHAR) {
                    keys.add(i);
                }
                break;
            }
            bytes += len;
            keys.add(i);
        }
        return keys;
    }

    private static Map<Integer, AggregationType> aggregateFunctions(
            Map<String, String> raw, Map<String, Integer> byName) {
        Map<Integer, AggregationType> out = new HashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(FIELDS_PREFIX)) {
                continue;
            }
            if (!k.endsWith(AGGREGATE_FUNCTION_SUFFIX)
                    || k.length() <= FIELDS_PREFIX.length() + AGGREGATE_FUNCTION_SUFFIX.length()) {
                throw new ValidationException(
                        "Unsupported option '"
                                + k
                                + "'. Per-column options: 'fields.<column>.aggregate-function'.");
            }
            String col =
                    k.substring(
                            FIELDS_PREFIX.length(),
                            k.length() - AGGREGATE_FUNCTION_SUFFIX.length());
            int i = resolve(byName, col, "option '" + k + "'");
            AggregationType a;
            switch (e.getValue().trim().toLowerCase(Locale.ROOT)) {
                case "sum":
                    a = AggregationType.SUM;
                    break;
                case "min":
                    a = AggregationType.MIN;
                    break;
                case "max":
                    a = AggregationType.MAX;
                    break;
                case "replace":
                    a = AggregationType.REPLACE;
                    break;
                case "replace_if_not_null":
                    a = AggregationType.REPLACE_IF_NOT_NULL;
                    break;
                default:
                    throw new ValidationException(
                            "Option '"
                                    + k
                                    + "' = '"
                                    + e.getValue()
                                    + "': expected one of sum, min, max, replace, "
                                    + "replace_if_not_null.");
            }
            out.put(i, a);
        }
        return out;
    }

    private static int resolve(Map<String, Integer> byName, String column, String where) {
        Integer i = byName.get(column.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new ValidationException(
                    "Unknown column '"
                            + column
                            + "' in "
                            + where
                            + "; the table has no such column.");
        }
        return i;
    }

    private static Set<String> lowerSet(Optional<List<String>> v) {
        Set<String> s = new LinkedHashSet<>();
        v.ifPresent(
                l -> {
                    for (String x : l) {
                        s.add(x.trim().toLowerCase(Locale.ROOT));
                    }
                });
        return s;
    }

    static CompressionTypePB compression(StrataConnectorOptions.CompressionOption c) {
        switch (c) {
            case LZ4:
                return CompressionTypePB.LZ4;
            case ZSTD:
                return CompressionTypePB.ZSTD;
            case NONE:
                return CompressionTypePB.NO_COMPRESSION;
            default:
                return CompressionTypePB.LZ4F;
        }
    }

    @Override
    public String toString() {
        return schema
                + " distribution="
                + (distributionColumns.isEmpty() ? "RANDOM" : distributionColumns)
                + " buckets="
                + buckets
                + " partitions="
                + partitionColumns
                + " order="
                + Arrays.toString(storageToFlink);
    }
}
