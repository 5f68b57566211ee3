package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.TabletSchema;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes one Doris segment V2 file from blocks whose rows are already in key order (a memtable
 * flush sorts first). Columns of every appended block are the schema's columns, in order.
 *
 * <p>CONTRACT (implemented by the segment work):
 *
 * <ul>
 *   <li>{@code new SegmentWriter(io, path, schema, options)} creates the file through {@code io}.
 *   <li>{@link #append(Block, int, int)} encodes rows; no per-row objects.
 *   <li>{@link #estimatedFileSize()} lets a caller cut segments at a maximum size.
 *   <li>{@link #finish()} writes index pages and the footer, closes the file, returns its {@link
 *       SegmentInfo}.
 *   <li>{@link #close()} without finish deletes the partial file.
 * </ul>
 */
public final class SegmentWriter implements Closeable {

    public SegmentWriter(FileIO io, String path, TabletSchema schema, SegmentWriterOptions options)
            throws IOException {
        throw new UnsupportedOperationException("segment writer not built yet");
    }

    public void append(Block block) throws IOException {
        append(block, 0, block.rowCount());
    }

    public void append(Block block, int start, int len) throws IOException {
        throw new UnsupportedOperationException();
    }

    public int numRows() {
        throw new UnsupportedOperationException();
    }

    public long estimatedFileSize() {
        throw new UnsupportedOperationException();
    }

    public SegmentInfo finish() throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException();
    }
}
