package io.strata.engine.segment;

import io.strata.engine.io.FileIO;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.SegmentFooterPB;

import java.io.Closeable;
import java.io.IOException;

/**
 * Opens a segment V2 file, verifies its trailer (magic, footer length, CRC-32C) and serves scans.
 *
 * <p>CONTRACT (implemented by the segment work): {@link #open} throws {@link
 * CorruptSegmentException} on any bad byte; {@link #newIterator} prunes with zone maps, bloom
 * filters, bitmap and short-key indexes, then filters rows exactly; thread-safe for concurrent
 * iterators.
 */
public final class SegmentReader implements Closeable {

    public static SegmentReader open(FileIO io, String path, TabletSchema schema)
            throws IOException {
        throw new UnsupportedOperationException("segment reader not built yet");
    }

    public int numRows() {
        throw new UnsupportedOperationException();
    }

    public SegmentFooterPB footer() {
        throw new UnsupportedOperationException();
    }

    public TabletSchema schema() {
        throw new UnsupportedOperationException();
    }

    public SegmentIterator newIterator(SegmentReadOptions options) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException();
    }
}
