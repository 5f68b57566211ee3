package io.strata.engine.segment;

import io.strata.engine.io.InputFile;
import io.strata.engine.util.Crc32c;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes and reads one segment V2 page (reference §2): {@code [body, maybe
 * compressed][PageFooterPB] [u32 LE footer length][u32 LE crc32c over everything before it]}. The
 * body is compressed only when the codec saves at least 10 % ({@link Compression#compress}); the
 * reader treats the body as compressed iff its stored length differs from {@code
 * uncompressed_size}. Reads verify size, bounds, checksum, footer length and parse, and exact
 * decompression; every failure is a {@link CorruptSegmentException} naming the file and the page
 * offset.
 */
public final class PageIO {
    private PageIO() {}

    /** A page read back: its footer and the decompressed body (exactly uncompressed_size long). */
    public record Page(PageFooterPB footer, byte[] body) {}

    /**
     * Compresses (10 % rule), sets {@code uncompressed_size} on the footer, writes the page at the
     * stream's current position, which the caller says is {@code offset}, and returns its pointer.
     */
    public static PagePointerPB writePage(
            OutputStream out,
            long offset,
            byte[] body,
            int bodyLen,
            PageFooterPB.Builder footer,
            CompressionTypePB codec)
            throws IOException {
        return writePage(out, offset, body, bodyLen, footer, codec, 0);
    }

    /** As above with a compression level (0 = the codec's Doris default). */
    public static PagePointerPB writePage(
            OutputStream out,
            long offset,
            byte[] body,
            int bodyLen,
            PageFooterPB.Builder footer,
            CompressionTypePB codec,
            int level)
            throws IOException {
        byte[] page = buildPage(body, bodyLen, footer, codec, level);
        out.write(page);
        return PagePointerPB.newBuilder().setOffset(offset).setSize(page.length).build();
    }

    /** The complete page bytes (body, footer, length, crc) for a body; sets uncompressed_size. */
    public static byte[] buildPage(
            byte[] body, int bodyLen, PageFooterPB.Builder footer, CompressionTypePB codec) {
        return buildPage(body, bodyLen, footer, codec, 0);
    }

    /** As above with a compression level (0 = the codec's Doris default). */
    public static byte[] buildPage(
            byte[] body,
            int bodyLen,
            PageFooterPB.Builder footer,
            CompressionTypePB codec,
            int level) {
        byte[] compressed = Compression.compress(codec, level, body, 0, bodyLen);
        byte[] stored = compressed == null ? body : compressed;
        int storedLen = compressed == null ? bodyLen : compressed.length;
        footer.setUncompressedSize(bodyLen);
        byte[] footerBytes = footer.build().toByteArray();
        long total = (long) storedLen + footerBytes.length + 8;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("page of " + total + " bytes exceeds 2 GiB");
        }
        byte[] page = new byte[(int) total];
        System.arraycopy(stored, 0, page, 0, storedLen);
        System.arraycopy(footerBytes, 0, page, storedLen, footerBytes.length);
        int p = storedLen + footerBytes.length;
        putIntLE(page, p, footerBytes.length);
        putIntLE(page, p + 4, Crc32c.compute(page, 0, p + 4));
        return page;
    }

    /**
     * Reads the page at {@code ptr} from the file and decodes it. {@code expectFor} describes the
     * page (e.g. "column k1 data page") for error messages.
     */
    public static Page readPage(
            InputFile in, PagePointerPB ptr, CompressionTypePB codec, String expectFor)
            throws IOException {
        long offset = ptr.getOffset();
        long size = ptr.getSize() & 0xFFFFFFFFL;
        long fileLen = in.length();
        if (size < 8) {
            throw new CorruptSegmentException(
                    in.path(), offset, expectFor + ": page size " + size + " is below 8");
        }
        if (offset < 0 || offset > fileLen || size > fileLen - offset) {
            throw new CorruptSegmentException(
                    in.path(),
                    offset,
                    expectFor
                            + ": page pointer {offset "
                            + offset
                            + ", size "
                            + size
                            + "} lies outside the file of "
                            + fileLen
                            + " bytes");
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new CorruptSegmentException(
                    in.path(), offset, expectFor + ": page size " + size + " too large");
        }
        byte[] bytes = new byte[(int) size];
        in.readFully(offset, bytes, 0, bytes.length);
        return readPage(bytes, 0, bytes.length, codec, expectFor, in.path(), offset);
    }

    /** Decodes an already-read page occupying all of {@code pageBytes}. */
    public static Page readPage(
            byte[] pageBytes,
            CompressionTypePB codec,
            String expectFor,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        return readPage(pageBytes, 0, pageBytes.length, codec, expectFor, path, fileOffset);
    }

    /**
     * Decodes an already-read page {@code b[off, off+len)}; {@code fileOffset} is the file position
     * of {@code b[off]}.
     */
    public static Page readPage(
            byte[] b,
            int off,
            int len,
            CompressionTypePB codec,
            String expectFor,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        if (len < 8) {
            throw new CorruptSegmentException(
                    path, fileOffset, expectFor + ": page size " + len + " is below 8");
        }
        int crcPos = off + len - 4;
        int want = getIntLE(b, crcPos);
        int got = Crc32c.compute(b, off, len - 4);
        if (want != got) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    expectFor
                            + ": page checksum mismatch (stored 0x"
                            + Integer.toHexString(want)
                            + ", computed 0x"
                            + Integer.toHexString(got)
                            + ")");
        }
        long footerLen = getIntLE(b, crcPos - 4) & 0xFFFFFFFFL;
        if (footerLen > len - 8) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + len - 8,
                    expectFor + ": footer length " + footerLen + " exceeds the page");
        }
        int bodyLen = len - 8 - (int) footerLen;
        PageFooterPB footer;
        try {
            footer =
                    PageFooterPB.parseFrom(
                            new java.io.ByteArrayInputStream(b, off + bodyLen, (int) footerLen));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + bodyLen,
                    expectFor + ": page footer does not parse: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new CorruptSegmentException(
                    path, fileOffset + bodyLen, expectFor + ": page footer unreadable", e);
        }
        if (!footer.hasUncompressedSize()) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + bodyLen,
                    expectFor + ": page footer lacks uncompressed_size");
        }
        long uncompressed = footer.getUncompressedSize() & 0xFFFFFFFFL;
        byte[] body;
        if (uncompressed == bodyLen) {
            body = java.util.Arrays.copyOfRange(b, off, off + bodyLen);
        } else {
            if (Compression.isNone(codec)) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset,
                        expectFor
                                + ": body has "
                                + bodyLen
                                + " bytes but uncompressed_size is "
                                + uncompressed
                                + " and the codec is NO_COMPRESSION");
            }
            // a corrupt uncompressed_size must not drive the allocation
            Compression.checkPlausibleSize(
                    codec, b, off, bodyLen, uncompressed, path, fileOffset, expectFor);
            body = new byte[(int) uncompressed];
            try {
                Compression.decompress(
                        codec, b, off, bodyLen, body, 0, (int) uncompressed, path, fileOffset);
            } catch (CorruptSegmentException e) {
                throw new CorruptSegmentException(
                        path, fileOffset, expectFor + ": " + e.getMessage(), e);
            }
        }
        return new Page(footer, body);
    }

    private static void putIntLE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static int getIntLE(byte[] b, int p) {
        return (b[p] & 0xFF)
                | (b[p + 1] & 0xFF) << 8
                | (b[p + 2] & 0xFF) << 16
                | (b[p + 3] & 0xFF) << 24;
    }
}
