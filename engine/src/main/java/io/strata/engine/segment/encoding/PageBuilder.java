package io.strata.engine.segment.encoding;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

/**
 * Encodes the non-null values of one column into data page bodies, one page at a time (Doris {@code
 * PageBuilder}). NULLs never reach a builder: the column writer passes only the rows that hold
 * values and appends the null map itself. A builder lives for one column of one segment (the
 * DICT_ENCODING dictionary spans all its pages). Not thread-safe.
 */
public interface PageBuilder {
    /**
     * Adds non-null values vec[rows[off..off+n)] (rows == null means the contiguous range
     * vec[off..off+n)). Returns how many were accepted; fewer than n means the page is full.
     */
    int add(ColumnVector vec, int[] rows, int off, int n);

    /** True when the current page should be finished before adding more values. */
    boolean isFull();

    /** Values in the current page. */
    int count();

    /** Bytes of the current page body (estimate). */
    long sizeEstimate();

    /** Appends the encoded page body (values only) to out and resets for the next page. */
    void finish(ByteSink out);

    /**
     * DICT_ENCODING only: the dictionary page body (binary plain page of the words in code order),
     * written once after the last data page; null for other encodings.
     */
    default byte[] dictionaryPageBody() {
        return null;
    }

    /** The column encoding this builder implements (what ColumnMetaPB.encoding records). */
    EncodingTypePB encoding();
}
