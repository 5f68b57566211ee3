package io.strata.engine.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The engine's only door to storage. Paths are strings ({@code /tmp/t}, {@code file:///tmp/t},
 * {@code s3://bucket/t}); implementations map them to a file system. The engine ships {@link
 * LocalFileIO}; the Flink connector adapts Flink's {@code FileSystem}.
 *
 * <p>Guarantees every implementation must give: {@link #create} never exposes a partially written
 * file under its final name when {@link #renameNoOverwrite} is used for publishing; {@link
 * #renameNoOverwrite} is atomic and fails (returns false) when the target exists.
 */
public interface FileIO {

    /**
     * Opens a file for positional reads. Throws {@link java.io.FileNotFoundException} if absent.
     */
    InputFile open(String path) throws IOException;

    /**
     * Creates a new file, creating parent directories as needed. Fails if the file exists. The
     * returned stream must be closed for the file to be complete.
     */
    OutputStream create(String path) throws IOException;

    /**
     * Atomically renames {@code from} to {@code to} if {@code to} does not exist. Returns false
     * (and leaves both untouched) when {@code to} already exists.
     */
    boolean renameNoOverwrite(String from, String to) throws IOException;

    /** Deletes a file; returns false if it did not exist. */
    boolean delete(String path) throws IOException;

    /** Deletes a directory and everything below it; no-op if absent. */
    void deleteRecursively(String path) throws IOException;

    boolean exists(String path) throws IOException;

    /** Lists the direct children of a directory (empty if the directory is absent). */
    List<FileStatus> list(String dir) throws IOException;

    /** Writes a whole small file atomically: temp file, then rename without overwrite. */
    default boolean writeAtomically(String path, byte[] bytes) throws IOException {
        String tmp = path + ".tmp-" + java.util.UUID.randomUUID();
        try (OutputStream out = create(tmp)) {
            out.write(bytes);
        }
        boolean ok;
        try {
            ok = renameNoOverwrite(tmp, path);
        } catch (IOException e) {
            delete(tmp);
            throw e;
        }
        if (!ok) {
            delete(tmp);
        }
        return ok;
    }

    /** Reads a whole small file. */
    default byte[] readFully(String path) throws IOException {
        try (InputFile in = open(path)) {
            long len = in.length();
            if (len > Integer.MAX_VALUE - 16) {
                throw new IOException(
                        "file too large to read at once: " + path + " (" + len + " bytes)");
            }
            byte[] b = new byte[(int) len];
            in.readFully(0, b, 0, b.length);
            return b;
        }
    }

    /** A directory entry. */
    record FileStatus(
            String path,
            String name,
            boolean isDirectory,
            long length,
            long modificationTimeMillis) {}
}
