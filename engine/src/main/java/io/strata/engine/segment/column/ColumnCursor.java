package io.strata.engine.segment.column;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.segment.encoding.NullMapCodec;
import io.strata.engine.segment.encoding.PageCodecs;
import io.strata.engine.segment.encoding.PageDecoder;
import io.strata.engine.util.ByteReader;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-scan reading position in one column: loads a data page when the scan first touches it (lazy),
 * checks its footer against the ordinal index, decodes its null map, and copies rows into vectors
 * batch by batch. Forward-only within a page (seeking back reloads). Not thread-safe.
 */
public final class ColumnCursor {
    private final ColumnReader col;
    private final AtomicLong pagesRead;
    private final AtomicLong bytesRead;
    private int page = -1;
    private PageDecoder decoder;
    private byte[] nulls = new byte[0];
    private boolean pageHasNull;
    private int pageRows;
    private int pos; // row within page
    private ColumnVector scratch;

    ColumnCursor(ColumnReader col, AtomicLong pagesRead, AtomicLong bytesRead) {
        this.col = col;
        this.pagesRead = pagesRead;
        this.bytesRead = bytesRead;
    }

    /** Positions at segment row {@code row}. */
    public void seek(long row) throws IOException {
        int p = col.pageOf(row);
        int target = (int) (row - col.firstOrdinals[p]);
        if (p != page || target < pos) {
            loadPage(p);
        }
        if (target > pos) {
            int skip = target - pos;
            decoder.skip(nonNulls(pos, skip));
            pos = target;
        }
    }

    private int nonNulls(int from, int n) {
        if (!pageHasNull) {
            return n;
        }
        int c = 0;
        for (int i = from; i < from + n; i++) {
            c += 1 - nulls[i];
        }
        return c;
    }

    private void loadPage(int p) throws IOException {
        String what = "column " + col.column.name() + " data page " + p;
        PagePointerPB ptr =
                PagePointerPB.newBuilder()
                        .setOffset(col.pageOffsets[p])
                        .setSize(col.pageSizes[p])
                        .build();
        SegmentFile.LoadedPage lp = col.file.read(ptr, col.codec, PageTypePB.DATA_PAGE, what);
        String path = col.file.path();
        long off = lp.offset();
        DataPageFooterPB f = lp.footer().getDataPageFooter();
        long expectRows = col.firstOrdinals[p + 1] - col.firstOrdinals[p];
        if (f.getFirstOrdinal() != col.firstOrdinals[p] || f.getNumValues() != expectRows) {
            throw new CorruptSegmentException(
                    path,
                    off,
                    what
                            + ": footer says rows ["
                            + f.getFirstOrdinal()
                            + ", +"
                            + f.getNumValues()
                            + "), ordinal index says ["
                            + col.firstOrdinals[p]
                            + ", +"
                            + expectRows
                            + ")");
        }
        if (expectRows <= 0 || expectRows > Integer.MAX_VALUE - 16) {
            throw new CorruptSegmentException(
                    path, off, what + ": " + expectRows + " rows in one page");
        }
        byte[] body = lp.body();
        int nullmapSize = f.getNullmapSize();
        if (nullmapSize < 0 || nullmapSize > body.length) {
            throw new CorruptSegmentException(
                    path,
                    off,
                    what + ": null map size " + nullmapSize + " exceeds body " + body.length);
        }
        int rows = (int) expectRows;
        if (nulls.length < rows) {
            nulls = new byte[rows];
        }
        int valuesLen = body.length - nullmapSize;
        int nonNull = rows;
        if (nullmapSize > 0) {
            if (!col.column.nullable()) {
                throw new CorruptSegmentException(
                        path, off, what + ": null map in a NOT NULL column");
            }
            ByteReader r = new ByteReader(body, valuesLen, nullmapSize, path, off);
            NullMapCodec.decode(r, rows, nulls, 0);
            nonNull = 0;
            for (int i = 0; i < rows; i++) {
                byte b = nulls[i];
                if (b != 0 && b != 1) {
                    throw new CorruptSegmentException(path, off, what + ": null map value " + b);
                }
                nonNull += 1 - b;
            }
            pageHasNull = true;
        } else {
            pageHasNull = false;
        }
        decoder =
                PageCodecs.decoder(
                        col.encoding, col.type, body, 0, valuesLen, col.dictionary, path, off);
        if (decoder.count() != nonNull) {
            throw new CorruptSegmentException(
                    path,
                    off,
                    what
                            + ": "
                            + decoder.count()
                            + " encoded values for "
                            + nonNull
                            + " non-null rows");
        }
        page = p;
        pageRows = rows;
        pos = 0;
        pagesRead.incrementAndGet();
        bytesRead.addAndGet(col.pageSizes[p]);
    }

    /** Appends the next {@code n} rows (from the current position) to {@code out}. */
    public void read(int n, ColumnVector out) throws IOException {
        while (n > 0) {
            if (page < 0 || pos == pageRows) {
                int next = page + 1;
                if (next >= col.numPages()) {
                    throw new IllegalStateException(
                            "read past the last row of " + col.column.name());
                }
                loadPage(next);
            }
            int m = Math.min(n, pageRows - pos);
            if (!pageHasNull) {
                decoder.next(out, m);
            } else {
                readWithNulls(m, out);
            }
            pos += m;
            n -= m;
        }
    }

    private void readWithNulls(int m, ColumnVector out) throws CorruptSegmentException {
        int nn = nonNulls(pos, m);
        if (nn == m) {
            decoder.next(out, m);
            return;
        }
        if (scratch == null) {
            scratch = out.newEmpty(Math.max(nn, 16));
        }
        scratch.reset();
        if (nn > 0) {
            decoder.next(scratch, nn);
        }
        int k = 0;
        int i = pos;
        int end = pos + m;
        while (i < end) {
            if (nulls[i] != 0) {
                int s = i;
                while (i < end && nulls[i] != 0) {
                    i++;
                }
                for (int j = s; j < i; j++) {
                    out.appendNull();
                }
            } else {
                int s = i;
                while (i < end && nulls[i] == 0) {
                    i++;
                }
                out.appendRange(scratch, k, i - s);
                k += i - s;
            }
        }
    }
}
