package io.strata.engine.segment.encoding;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;

/** Decoder of BOOLEAN RLE pages (§3.6); decodes lazily in chunks (the count is not trusted). */
final class RlePageDecoder implements PageDecoder {
    private final int count;
    private final RleDecoder decoder;
    private final String path;
    private final long fileOffset;
    private final byte[] scratch = new byte[1024];
    private int pos;

    RlePageDecoder(byte[] body, int off, int len, String path, long fileOffset)
            throws CorruptSegmentException {
        ByteReader in = new ByteReader(body, off, len, path, fileOffset);
        int n = in.getIntLE();
        if (n < 0) {
            throw new CorruptSegmentException(path, fileOffset, "RLE page count " + n);
        }
        this.count = n;
        this.decoder = new RleDecoder(in, 1);
        this.path = path;
        this.fileOffset = fileOffset;
    }

    @Override
    public int count() {
        return count;
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > count - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + count + " values, asked for " + n + " after " + pos);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        check(n);
        if (!(out instanceof ByteVector)) {
            throw new IllegalArgumentException(
                    "RLE pages decode into ByteVector, got " + out.getClass().getSimpleName());
        }
        ByteVector bv = (ByteVector) out;
        int done = 0;
        while (done < n) {
            int k = Math.min(scratch.length, n - done);
            decoder.nextBytes(scratch, 0, k);
            bv.appendAll(scratch, 0, k);
            done += k;
        }
        pos += n;
    }

    @Override
    public void skip(int n) throws CorruptSegmentException {
        check(n);
        decoder.skip(n);
        pos += n;
    }
}
