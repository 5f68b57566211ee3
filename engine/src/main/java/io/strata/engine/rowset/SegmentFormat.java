package io.strata.engine.rowset;

import io.strata.engine.block.Block;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentInfo;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.SegmentWriter;
import io.strata.engine.segment.SegmentWriterOptions;

import java.io.Closeable;
import java.io.IOException;

/**
 * How the write and read paths create and open segment files. {@link #DORIS} (the default) is the
 * Doris segment V2 format of {@link SegmentWriter}/{@link SegmentReader}; the seam exists so that
 * rowset/tablet logic can be unit-tested independently of the file format.
 */
public interface SegmentFormat {
    /** Doris segment V2 files. */
    SegmentFormat DORIS = new Doris();

    /** Creates a segment file for rows already in key order. */
    Writer create(FileIO io, String path, TabletSchema schema, SegmentWriterOptions options)
            throws IOException;

    /** Opens a segment file, verifying it. */
    Reader open(FileIO io, String path, TabletSchema schema) throws IOException;

    /** An open segment writer; {@link #close()} without {@link #finish()} deletes the file. */
    interface Writer extends Closeable {
        void append(Block block, int start, int len) throws IOException;

        long estimatedFileSize();

        SegmentInfo finish() throws IOException;
    }

    /** An open segment. */
    interface Reader extends Closeable {
        int numRows();

        SegmentIterator newIterator(SegmentReadOptions options) throws IOException;
    }

    /** The Doris segment V2 format. */
    final class Doris implements SegmentFormat {
        @Override
        public Writer create(
                FileIO io, String path, TabletSchema schema, SegmentWriterOptions options)
                throws IOException {
            SegmentWriter w = new SegmentWriter(io, path, schema, options);
            return new Writer() {
                @Override
                public void append(Block block, int start, int len) throws IOException {
                    w.append(block, start, len);
                }

                @Override
                public long estimatedFileSize() {
                    return w.estimatedFileSize();
                }

                @Override
                public SegmentInfo finish() throws IOException {
                    return w.finish();
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        }

        @Override
        public Reader open(FileIO io, String path, TabletSchema schema) throws IOException {
            SegmentReader r = SegmentReader.open(io, path, schema);
            return new Reader() {
                @Override
                public int numRows() {
                    return r.numRows();
                }

                @Override
                public SegmentIterator newIterator(SegmentReadOptions options) throws IOException {
                    return r.newIterator(options);
                }

                @Override
                public void close() throws IOException {
                    r.close();
                }
            };
        }
    }
}
