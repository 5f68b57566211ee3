package io.strata.engine.txn;

import io.strata.engine.io.FileIO;
import io.strata.engine.segment.CorruptSegmentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC-checked envelope of every metadata file: {@code magic "STRM" (4) | payload length (u32
 * BE) | CRC-32C of payload (u32 BE) | payload}. Reading verifies all three and names the file and
 * offset of the first thing that is wrong; files are written with {@link FileIO#writeAtomically} so
 * a reader never sees a partial one under its final name.
 */
public final class MetaFile {
    static final int MAGIC = 0x5354524D; // "STRM"
    static final int HEADER = 12;

    private MetaFile() {}

    /** The envelope around {@code payload}. */
    public static byte[] wrap(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return b.array();
    }

    /** The verified payload of a file's bytes. */
    public static byte[] unwrap(String path, byte[] file) throws CorruptSegmentException {
        if (file.length < HEADER) {
            throw new CorruptSegmentException(
                    path,
                    0,
                    "metadata file of " + file.length + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new CorruptSegmentException(
                    path, 0, String.format("bad magic 0x%08x (expected 0x%08x)", magic, MAGIC));
        }
        long len = Integer.toUnsignedLong(b.getInt());
        if (len != file.length - HEADER) {
            throw new CorruptSegmentException(
                    path,
                    4,
                    "payload length " + len + " does not match file length " + file.length);
        }
        int expected = b.getInt();
        CRC32C crc = new CRC32C();
        crc.update(file, HEADER, (int) len);
        if ((int) crc.getValue() != expected) {
            throw new CorruptSegmentException(
                    path,
                    8,
                    String.format(
                            "CRC-32C mismatch: stored 0x%08x, computed 0x%08x",
                            expected, (int) crc.getValue()));
        }
        byte[] payload = new byte[(int) len];
        System.arraycopy(file, HEADER, payload, 0, payload.length);
        return payload;
    }

    /** Writes a new metadata file atomically; false when it already exists. */
    public static boolean write(FileIO io, String path, byte[] payload) throws IOException {
        return io.writeAtomically(path, wrap(payload));
    }

    /** Reads and verifies a metadata file; its payload. */
    public static byte[] read(FileIO io, String path) throws IOException {
        return unwrap(path, io.readFully(path));
    }
}
