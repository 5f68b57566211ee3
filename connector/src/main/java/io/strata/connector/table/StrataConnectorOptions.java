package io.strata.connector.table;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The options of the {@code 'connector' = 'strata'} SQL connector. Keys under {@code sink.*} are
 * passed unchanged to the DataStream sink ({@code StrataSinkOptions} parses the same keys); the
 * others describe the table created at {@link #PATH}. Per-column aggregate functions use the
 * pattern {@code fields.<column>.aggregate-function} and are validated by the factory itself.
 * Column lists ({@code duplicate-key}, {@code bucket-key}, index columns) are comma separated.
 */
public final class StrataConnectorOptions {
    private StrataConnectorOptions() {}

    /** Table location: a local path or any Flink file system URI. */
    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Location of the Strata table (local path or Flink file system URI). "
                                    + "Created by the first write when absent.");

    /**
     * Versions kept readable for time travel; stored as the table property {@code
     * snapshot.retained}.
     */
    public static final ConfigOption<Integer> TABLE_RETENTION =
            ConfigOptions.key("table.retention")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Number of newest versions kept readable for 'scan.version'; older "
                                    + "versions expire and files only they referenced are "
                                    + "deleted. Stored in the table when it is created (engine "
                                    + "default 100).");

    /**
     * Age retention: versions younger than this stay readable whatever {@link #TABLE_RETENTION}
     * says; stored as the table property {@code snapshot.time-retained}.
     */
    public static final ConfigOption<java.time.Duration> SNAPSHOT_TIME_RETAINED =
            ConfigOptions.key("snapshot.time-retained")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Versions published within this duration stay readable for "
                                    + "'scan.version' even beyond 'table.retention' (a version "
                                    + "is kept while it is among the newest 'table.retention' "
                                    + "or younger than this). Stored in the table when it is "
                                    + "created (engine default 0: by count only).");

    /** Table version a read returns (default: the latest when the query starts). */
    public static final ConfigOption<Long> SCAN_VERSION =
            ConfigOptions.key("scan.version")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Published table version to read (time travel); default the latest "
                                    + "version when the query starts.");

    /** Rows per split of a DUP table (rowset groups), so a large tablet reads in parallel. */
    public static final ConfigOption<Long> SCAN_SPLIT_ROWS =
            ConfigOptions.key("scan.split-rows")
                    .longType()
                    .defaultValue(1_000_000L)
                    .withDescription(
                            "Target rows per source split of a DUPLICATE-key table (groups of "
                                    + "rowsets of one tablet).");

    /** Parallelism of the writer operator (Flink's shared {@code sink.parallelism} option). */
    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    public static final ConfigOption<MemorySize> SINK_MEMTABLE_SIZE =
            ConfigOptions.key("sink.memtable.size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("100mb"))
                    .withDescription("Size of one tablet's memtable before it is flushed.");

    public static final ConfigOption<MemorySize> SINK_MEMORY_BUDGET =
            ConfigOptions.key("sink.memory.budget")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Memtable memory budget of one TaskManager; over it the largest memtable "
                                    + "is flushed first.");

    public static final ConfigOption<Integer> SINK_FLUSH_THREADS =
            ConfigOptions.key("sink.flush.threads")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Threads of the shared memtable flush pool.");

    public static final ConfigOption<Integer> SINK_FLUSH_RUNNING_COUNT_LIMIT =
            ConfigOptions.key("sink.flush.running-count-limit")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Flushes in flight per tablet before writes block (backpressure).");

    public static final ConfigOption<Integer> SINK_BUFFER_ROWS =
            ConfigOptions.key("sink.buffer-rows")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Rows converted into one block before it goes to the engine.");

    public static final ConfigOption<Boolean> SINK_COMPACTION =
            ConfigOptions.key("sink.compaction")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Writers compact the tablets they own in the background; results "
                                    + "publish with the next checkpoint.");

    public static final ConfigOption<java.time.Duration> SINK_COMPACTION_WAIT_TIMEOUT =
            ConfigOptions.key("sink.compaction.wait-timeout")
                    .durationType()
                    .defaultValue(java.time.Duration.ofMinutes(5))
                    .withDescription(
                            "With sink.compaction = false: how long a checkpoint waits for an "
                                    + "external compaction (bin/strata compact) when a tablet "
                                    + "would exceed compaction.max-rowsets-per-tablet, before the "
                                    + "job fails.");

    public static final ConfigOption<Boolean> SINK_STRICT =
            ConfigOptions.key("sink.strict")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Fail the job on a bad value (true) or filter and count bad rows "
                                    + "up to sink.max-filter-ratio (false).");

    public static final ConfigOption<Double> SINK_MAX_FILTER_RATIO =
            ConfigOptions.key("sink.max-filter-ratio")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Non-strict mode: largest share of filtered rows per checkpoint.");

    public static final ConfigOption<Boolean> SINK_IGNORE_DELETE =
            ConfigOptions.key("sink.ignore-delete")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Drop -U/-D rows instead of failing on DUPLICATE/AGGREGATE tables.");

    /** Data model of the table. */
    public enum KeysTypeOption {
        DUPLICATE,
        UNIQUE,
        AGGREGATE
    }

    public static final ConfigOption<KeysTypeOption> TABLE_KEYS_TYPE =
            ConfigOptions.key("table.keys-type")
                    .enumType(KeysTypeOption.class)
                    .noDefaultValue()
                    .withDescription(
                            "duplicate | unique | aggregate. Default: unique with a PRIMARY KEY, "
                                    + "else duplicate.");

    public static final ConfigOption<String> DUPLICATE_KEY =
            ConfigOptions.key("duplicate-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Sort key columns of a DUPLICATE table. Default: the leading columns "
                                    + "(Doris rule: at most 3, at most 36 bytes, a string ends it).");

    public static final ConfigOption<String> SEQUENCE_FIELD =
            ConfigOptions.key("sequence.field")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "UNIQUE tables: the column whose larger value wins between rows of "
                                    + "one key.");

    public static final ConfigOption<Integer> BUCKET =
            ConfigOptions.key("bucket")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Buckets per partition (or DISTRIBUTED BY ... INTO n BUCKETS). "
                                    + "Default 1.");

    public static final ConfigOption<String> BUCKET_KEY =
            ConfigOptions.key("bucket-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Hash distribution columns. Default: the key columns of UNIQUE and "
                                    + "AGGREGATE tables; random distribution for DUPLICATE tables.");

    public static final ConfigOption<String> BLOOM_FILTER_COLUMNS =
            ConfigOptions.key("bloom-filter.columns")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Columns with a bloom filter index.");

    public static final ConfigOption<String> BITMAP_INDEX_COLUMNS =
            ConfigOptions.key("bitmap-index.columns")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Columns with a bitmap index.");

    /** Page compression codecs. */
    public enum CompressionOption {
        LZ4F,
        LZ4,
        ZSTD,
        NONE
    }

    public static final ConfigOption<CompressionOption> COMPRESSION =
            ConfigOptions.key("compression")
                    .enumType(CompressionOption.class)
                    .defaultValue(CompressionOption.LZ4F)
                    .withDescription("Page compression: lz4f | lz4 | zstd | none.");

    /** Doris {@code storage_page_size}: target data page size, stored as a table property. */
    public static final ConfigOption<Integer> STORAGE_PAGE_SIZE =
            ConfigOptions.key("storage_page_size")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Target size in bytes of segment data pages, 4096..10485760 (Doris "
                                    + "table property; engine default 65536). Larger pages "
                                    + "compress better and need fewer index entries.");

    /** Doris {@code storage_dict_page_size}, stored as a table property. */
    public static final ConfigOption<Integer> STORAGE_DICT_PAGE_SIZE =
            ConfigOptions.key("storage_dict_page_size")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Dictionary size limit in bytes of a string column in one segment "
                                    + "before it falls back to plain pages, 4096..104857600 "
                                    + "(Doris table property; engine default 262144).");

    /** zstd level, stored as the table property {@code compression.level}. */
    public static final ConfigOption<Integer> COMPRESSION_LEVEL =
            ConfigOptions.key("compression.level")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "zstd level 1..22 of data and dictionary pages when 'compression' "
                                    + "= 'zstd' (engine default: Doris's level 3). Any zstd "
                                    + "reader reads any level.");

    /** Size-optimized encoder choices, stored as the table property. */
    public static final ConfigOption<Boolean> STORAGE_SIZE_OPTIMIZED =
            ConfigOptions.key("storage.size-optimized")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription(
                            "Write smaller segments that Doris still reads: sorted string "
                                    + "dictionaries and, with zstd, bit-shuffle planes left to "
                                    + "zstd (engine default false: byte-identical to Doris).");

    /** Splits a comma (or semicolon) separated column list; blanks are dropped. */
    public static java.util.List<String> columnList(String value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : value.split("[,;]")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** Prefix of the per-column options; see {@link #AGGREGATE_FUNCTION_SUFFIX}. */
    public static final String FIELDS_PREFIX = "fields.";

    /**
     * Prefix of the engine's compaction table properties ({@code compaction.*}, see
     * docs/compaction.md), passed through to the table when it is created.
     */
    public static final String COMPACTION_PREFIX = "compaction.";

    /**
     * {@code fields.<col>.aggregate-function} = sum | min | max | replace | replace_if_not_null.
     */
    public static final String AGGREGATE_FUNCTION_SUFFIX = ".aggregate-function";
}
