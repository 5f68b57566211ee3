package io.strata.engine.segment;

import java.io.IOException;

/**
 * A segment (or metadata) file failed a check: bad magic, checksum, length past the end, unknown
 * encoding, malformed page. The message always names the file and the byte offset.
 */
public class CorruptSegmentException extends IOException {
    private final String path;
    private final long offset;

    public CorruptSegmentException(String path, long offset, String what) {
        super("corrupt file " + path + " at offset " + offset + ": " + what);
        this.path = path;
        this.offset = offset;
    }

    public CorruptSegmentException(String path, long offset, String what, Throwable cause) {
        super("corrupt file " + path + " at offset " + offset + ": " + what, cause);
        this.path = path;
        this.offset = offset;
    }

    public String path() {
        return path;
    }

    public long offset() {
        return offset;
    }
}
