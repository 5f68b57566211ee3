package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.io.FileIO;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentInfo;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.segment.SegmentWriterOptions;
import io.strata.engine.tablet.RowFilter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only segment format (Java-serialized rows written through FileIO), so table logic is tested
 * independently of the Doris segment codec. Honours projection and predicates like the real reader
 * contract.
 */
final class SimpleSegmentFormat implements SegmentFormat {
    static final SimpleSegmentFormat INSTANCE = new SimpleSegmentFormat();

    @Override
    public Writer create(FileIO io, String path, TabletSchema schema, SegmentWriterOptions o)
            throws IOException {
        OutputStream out = io.create(path);
        List<Object[]> rows = new ArrayList<>();
        return new Writer() {
            boolean finished;

            @Override
            public void append(Block block, int start, int len) {
                for (int i = start; i < start + len; i++) {
                    rows.add(block.getRow(i));
                }
            }

            @Override
            public long estimatedFileSize() {
                return rows.size() * 16L;
            }

            @Override
            public SegmentInfo finish() throws IOException {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
                    oos.writeObject(new ArrayList<>(rows));
                }
                byte[] b = bos.toByteArray();
                out.write(b);
                out.close();
                finished = true;
                return new SegmentInfo(
                        path,
                        rows.size(),
                        b.length,
                        b.length,
                        0,
                        b.length,
                        new byte[0],
                        new byte[0]);
            }

            @Override
            public void close() throws IOException {
                if (!finished) {
                    out.close();
                    io.delete(path);
                }
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Reader open(FileIO io, String path, TabletSchema schema) throws IOException {
        byte[] b = io.readFully(path);
        List<Object[]> rows;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            rows = (List<Object[]>) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
        return new Reader() {
            @Override
            public int numRows() {
                return rows.size();
            }

            @Override
            public SegmentIterator newIterator(SegmentReadOptions o) {
                Block all = Block.create(schema.columns(), rows.size() + 1);
                for (Object[] r : rows) {
                    all.appendRow(r);
                }
                int n = rows.size();
                boolean[] ok = new boolean[n];
                int[] ident = new int[schema.numColumns()];
                for (int i = 0; i < ident.length; i++) {
                    ident[i] = i;
                }
                RowFilter.bind(schema, o.predicates()).evaluate(all, ident, n, ok);
                List<Column> cols = new ArrayList<>();
                ColumnVector[] vs = new ColumnVector[o.projection().length];
                for (int i = 0; i < vs.length; i++) {
                    cols.add(schema.column(o.projection()[i]));
                    vs[i] = all.vector(o.projection()[i]).newEmpty(n + 1);
                    for (int r = 0; r < n; r++) {
                        if (ok[r]) {
                            vs[i].appendRow(all.vector(o.projection()[i]), r);
                        }
                    }
                }
                Block out = new Block(cols, vs);
                int batch = Math.max(1, o.batchSize());
                return new SegmentIterator() {
                    int pos;

                    @Override
                    public Block next() {
                        int total = out.rowCount();
                        if (pos >= total) {
                            return null;
                        }
                        int len = Math.min(batch, total - pos);
                        ColumnVector[] part = new ColumnVector[vs.length];
                        for (int i = 0; i < vs.length; i++) {
                            part[i] = vs[i].newEmpty(len);
                            part[i].appendRange(vs[i], pos, len);
                        }
                        pos += len;
                        return new Block(cols, part);
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {}
        };
    }
}
