package io.strata.engine.segment;

/** Knobs of one segment write; defaults are Doris's. Immutable. */
public record SegmentWriterOptions(
        int segmentId,
        int dataPageSize,
        int dictPageSize,
        int shortKeyInterval,
        boolean writeIndexes) {
    public static final int DEFAULT_DATA_PAGE_SIZE = 65536;
    public static final int DEFAULT_DICT_PAGE_SIZE = 262144;
    public static final int SHORT_KEY_INTERVAL = 1024;

    public static SegmentWriterOptions defaults(int segmentId) {
        return new SegmentWriterOptions(
                segmentId,
                DEFAULT_DATA_PAGE_SIZE,
                DEFAULT_DICT_PAGE_SIZE,
                SHORT_KEY_INTERVAL,
                true);
    }

    public SegmentWriterOptions withDataPageSize(int bytes) {
        return new SegmentWriterOptions(
                segmentId, bytes, dictPageSize, shortKeyInterval, writeIndexes);
    }
}
