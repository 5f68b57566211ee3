package io.strata.engine.segment.column;

import io.strata.engine.io.InputFile;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.segment.PageIO;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open segment file as the page readers see it: the input, its path for errors, and the end of
 * the page region (start of the footer). Every page pointer is checked to lie inside {@code [0,
 * dataLimit)} before it is read. Thread-safe (positional reads only).
 */
public final class SegmentFile {
    private final InputFile in;
    private final String path;
    private final long dataLimit;
    private final AtomicLong bytesRead = new AtomicLong();

    public SegmentFile(InputFile in, String path, long dataLimit) {
        this.in = in;
        this.path = path;
        this.dataLimit = dataLimit;
    }

    public InputFile input() {
        return in;
    }

    public String path() {
        return path;
    }

    public long dataLimit() {
        return dataLimit;
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    /** Throws unless the pointer lies inside the page region. */
    public void checkPointer(PagePointerPB p, String what, long where)
            throws CorruptSegmentException {
        long off = p.getOffset();
        long size = p.getSize() & 0xFFFFFFFFL;
        if (off < 0 || size < 8 || off > dataLimit || size > dataLimit - off) {
            throw new CorruptSegmentException(
                    path,
                    where,
                    "page pointer of "
                            + what
                            + " {offset "
                            + off
                            + ", size "
                            + size
                            + "} is outside the page region [0, "
                            + dataLimit
                            + ")");
        }
    }

    /** A decoded page: footer and decompressed body, plus where it came from. */
    public record LoadedPage(PageFooterPB footer, byte[] body, long offset) {}

    /** Reads, checks (bounds, CRC, decompression) and type-checks one page. */
    public LoadedPage read(
            PagePointerPB p, CompressionTypePB codec, PageTypePB expected, String what)
            throws IOException {
        checkPointer(p, what, p.getOffset());
        var page = PageIO.readPage(in, p, codec, what);
        PageFooterPB f = page.footer();
        if (f.getType() != expected) {
            throw new CorruptSegmentException(
                    path,
                    p.getOffset(),
                    what + ": page type " + f.getType() + ", expected " + expected);
        }
        boolean ok;
        switch (expected) {
            case DATA_PAGE:
                ok = f.hasDataPageFooter();
                break;
            case INDEX_PAGE:
                ok = f.hasIndexPageFooter();
                break;
            case DICTIONARY_PAGE:
                ok = f.hasDictPageFooter();
                break;
            case SHORT_KEY_PAGE:
                ok = f.hasShortKeyPageFooter();
                break;
            default:
                ok = true;
        }
        if (!ok) {
            throw new CorruptSegmentException(
                    path,
                    p.getOffset(),
                    what + ": page footer lacks its " + expected + " sub-footer");
        }
        bytesRead.addAndGet(p.getSize());
        return new LoadedPage(f, page.body(), p.getOffset());
    }
}
