package io.strata.engine.segment;

/**
 * What a finished segment file holds: rows, bytes, and its first and last sort keys (Doris full key
 * encoding, NULL = 0x01 marker), which become {@code RowsetMetaPB.segments_key_bounds}.
 */
public record SegmentInfo(
        String path,
        int numRows,
        long fileSize,
        long dataBytes,
        long indexBytes,
        long rawDataBytes,
        byte[] minKey,
        byte[] maxKey) {}
