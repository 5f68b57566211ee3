package io.strata.engine.segment;

/**
 * Knobs of one segment write; defaults are Doris's. Immutable.
 *
 * <p>{@code dataPageSize} and {@code dictPageSize} are Doris's {@code storage_page_size} and {@code
 * storage_dict_page_size} (a Doris reader needs neither: pages are self-describing). {@code
 * compressionLevel} is the zstd level of data and dictionary pages; 0 means the codec's Doris
 * default (zstd 3). The level is invisible in the file: any zstd decoder reads any level.
 */
public record SegmentWriterOptions(
        int segmentId,
        int dataPageSize,
        int dictPageSize,
        int shortKeyInterval,
        boolean writeIndexes,
        int compressionLevel,
        boolean sizeOptimized) {
    public static final int DEFAULT_DATA_PAGE_SIZE = 65536;
    public static final int DEFAULT_DICT_PAGE_SIZE = 262144;
    public static final int SHORT_KEY_INTERVAL = 1024;

    /** Doris's accepted range of {@code storage_page_size} (smaller/larger values are ignored). */
    public static final int MIN_DATA_PAGE_SIZE = 4096;

    public static final int MAX_DATA_PAGE_SIZE = 10 * 1024 * 1024;

    public SegmentWriterOptions {
        if (dataPageSize <= 0 || dictPageSize <= 0 || shortKeyInterval <= 0) {
            throw new IllegalArgumentException(
                    "page sizes and short-key interval must be positive: "
                            + dataPageSize
                            + ", "
                            + dictPageSize
                            + ", "
                            + shortKeyInterval);
        }
        if (compressionLevel < 0 || compressionLevel > 22) {
            throw new IllegalArgumentException(
                    "compression level " + compressionLevel + " is outside [0, 22]");
        }
    }

    public SegmentWriterOptions(
            int segmentId,
            int dataPageSize,
            int dictPageSize,
            int shortKeyInterval,
            boolean writeIndexes) {
        this(segmentId, dataPageSize, dictPageSize, shortKeyInterval, writeIndexes, 0, false);
    }

    public static SegmentWriterOptions defaults(int segmentId) {
        return new SegmentWriterOptions(
                segmentId,
                DEFAULT_DATA_PAGE_SIZE,
                DEFAULT_DICT_PAGE_SIZE,
                SHORT_KEY_INTERVAL,
                true,
                0,
                false);
    }

    /** Doris defaults overridden by the schema's storage knobs (page sizes, level, encoders). */
    public static SegmentWriterOptions of(io.strata.engine.schema.TabletSchema schema, int id) {
        return new SegmentWriterOptions(
                id,
                schema.storagePageSize(),
                schema.storageDictPageSize(),
                SHORT_KEY_INTERVAL,
                true,
                schema.compressionLevel(),
                schema.sizeOptimized());
    }

    public SegmentWriterOptions withDataPageSize(int bytes) {
        return new SegmentWriterOptions(
                segmentId,
                bytes,
                dictPageSize,
                shortKeyInterval,
                writeIndexes,
                compressionLevel,
                sizeOptimized);
    }

    public SegmentWriterOptions withDictPageSize(int bytes) {
        return new SegmentWriterOptions(
                segmentId,
                dataPageSize,
                bytes,
                shortKeyInterval,
                writeIndexes,
                compressionLevel,
                sizeOptimized);
    }

    public SegmentWriterOptions withCompressionLevel(int level) {
        return new SegmentWriterOptions(
                segmentId,
                dataPageSize,
                dictPageSize,
                shortKeyInterval,
                writeIndexes,
                level,
                sizeOptimized);
    }

    public SegmentWriterOptions withSizeOptimized(boolean v) {
        return new SegmentWriterOptions(
                segmentId,
                dataPageSize,
                dictPageSize,
                shortKeyInterval,
                writeIndexes,
                compressionLevel,
                v);
    }
}
