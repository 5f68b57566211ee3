package io.strata.engine.segment;

import io.strata.engine.block.Block;

import java.io.Closeable;
import java.io.IOException;

/**
 * Blocks of a segment scan, in row order, holding only rows that satisfy every predicate. Each
 * block has the projected columns.
 */
public interface SegmentIterator extends Closeable {
    /**
     * The next non-empty block, or null at the end. The returned block may be reused by the next
     * call.
     */
    Block next() throws IOException;
}
