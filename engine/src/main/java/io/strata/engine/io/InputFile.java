package io.strata.engine.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/** A file opened for positional reads. Thread-safe for concurrent {@link #readFully} calls. */
public interface InputFile extends Closeable {

    /** The path this file was opened with; used in error messages. */
    String path();

    /** Length in bytes at the time of opening. */
    long length() throws IOException;

    /**
     * Reads exactly {@code len} bytes at {@code position}. Throws {@link EOFException} naming the
     * path and offset if the file ends first.
     */
    void readFully(long position, byte[] buf, int off, int len) throws IOException;

    default byte[] read(long position, int len) throws IOException {
        if (len < 0 || position < 0 || position + len > length()) {
            throw new EOFException(
                    "read of "
                            + len
                            + " bytes at offset "
                            + position
                            + " is past the end of "
                            + path()
                            + " (length "
                            + length()
                            + ")");
        }
        byte[] b = new byte[len];
        readFully(position, b, 0, len);
        return b;
    }
}
