package io.strata.engine.segment;

import io.strata.engine.io.FileIO;
import io.strata.engine.io.InputFile;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A read-only FileIO serving one in-memory file, so corruption tests need no disk writes. */
final class BytesFileIO implements FileIO {
    private final String path;
    private final byte[] bytes;

    BytesFileIO(String path, byte[] bytes) {
        this.path = path;
        this.bytes = bytes;
    }

    @Override
    public InputFile open(String p) throws IOException {
        if (!p.equals(path)) {
            throw new FileNotFoundException(p);
        }
        return new InputFile() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                if (position < 0 || len < 0 || position + len > bytes.length) {
                    throw new EOFException(
                            "read of "
                                    + len
                                    + " bytes at offset "
                                    + position
                                    + " is past the end of "
                                    + path);
                }
                System.arraycopy(bytes, (int) position, buf, off, len);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public OutputStream create(String p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean renameNoOverwrite(String from, String to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteRecursively(String p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(String p) {
        return p.equals(path);
    }

    @Override
    public List<FileStatus> list(String dir) {
        return List.of();
    }
}
