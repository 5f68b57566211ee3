package io.strata.engine.segment.encoding;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;

/**
 * Decodes the values region of one data page body (non-null values only, in order). Created by
 * {@link PageCodecs#decoder}; header checks happen at creation, so a decoder that exists has a
 * consistent count. Asking for more values than remain is reported as corruption (the caller's
 * count comes from the page footer). Not thread-safe.
 */
public interface PageDecoder {
    /** Values in this page body. */
    int count();

    /** Appends the next n values (non-null values only) to out, typed by vector class. */
    void next(ColumnVector out, int n) throws CorruptSegmentException;

    /** Skips the next n values. */
    void skip(int n) throws CorruptSegmentException;
}
