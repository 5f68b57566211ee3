package io.strata.connector.fs;

import io.strata.engine.io.FileIO;
import io.strata.engine.io.InputFile;
import io.strata.engine.io.LocalFileIO;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The engine {@link FileIO} over Flink's {@link FileSystem}, so {@code hdfs://}, {@code s3://} and
 * any scheme with a Flink file system plugin work. Use {@link #forPath}: local paths ({@code /x},
 * {@code file:/x}) get the engine's {@link LocalFileIO}, whose rename-without-overwrite is atomic
 * (hard link).
 *
 * <p>Caveat: Flink's FileSystem has no atomic "rename unless the target exists". This class checks
 * for the target and then renames, which is atomic only where the file system's rename itself
 * refuses to overwrite (HDFS does). On object stores (S3: rename = copy + delete, no conditional
 * put through this API) two committers racing on the same version file could both succeed; Strata's
 * exactly-once needs one committer per table at a time there, which the sink's parallelism-1 commit
 * path gives for one job.
 */
public final class FlinkFileIO implements FileIO {

    /** LocalFileIO for local paths, FlinkFileIO otherwise. */
    public static FileIO forPath(String path) {
        URI uri = new Path(path).toUri();
        String scheme = uri.getScheme();
        if (scheme == null || scheme.equals("file")) {
            return LocalFileIO.INSTANCE;
        }
        return new FlinkFileIO();
    }

    private static FileSystem fs(Path p) throws IOException {
        return p.getFileSystem();
    }

    @Override
    public InputFile open(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = fs(p);
        org.apache.flink.core.fs.FileStatus st;
        try {
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(path);
        }
        return new FlinkInputFile(path, fs.open(p), st.getLen());
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = fs(p);
        if (fs.exists(p)) {
            throw new java.nio.file.FileAlreadyExistsException(path);
        }
        return fs.create(p, FileSystem.WriteMode.NO_OVERWRITE);
    }

    @Override
    public boolean renameNoOverwrite(String from, String to) throws IOException {
        Path src = new Path(from);
        Path dst = new Path(to);
        FileSystem fs = fs(dst);
        if (fs.exists(dst)) {
            return false;
        }
        if (dst.getParent() != null) {
            fs.mkdirs(dst.getParent());
        }
        if (!fs.rename(src, dst)) {
            if (fs.exists(dst)) {
                return false; // lost a race; the file system refused to overwrite
            }
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
        return true;
    }

    @Override
    public boolean delete(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = fs(p);
        if (!fs.exists(p)) {
            return false;
        }
        return fs.delete(p, false);
    }

    @Override
    public void deleteRecursively(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = fs(p);
        if (fs.exists(p)) {
            fs.delete(p, true);
        }
    }

    @Override
    public boolean exists(String path) throws IOException {
        Path p = new Path(path);
        return fs(p).exists(p);
    }

    @Override
    public List<FileIO.FileStatus> list(String dir) throws IOException {
        Path p = new Path(dir);
        FileSystem fs = fs(p);
        List<FileIO.FileStatus> out = new ArrayList<>();
        org.apache.flink.core.fs.FileStatus[] st;
        try {
            st = fs.listStatus(p);
        } catch (FileNotFoundException e) {
            return out;
        }
        if (st == null) {
            return out;
        }
        for (org.apache.flink.core.fs.FileStatus s : st) {
            String name = s.getPath().getName();
            String child = dir.endsWith("/") ? dir + name : dir + "/" + name;
            out.add(
                    new FileIO.FileStatus(
                            child, name, s.isDir(), s.getLen(), s.getModificationTime()));
        }
        out.sort(Comparator.comparing(FileIO.FileStatus::name));
        return out;
    }

    /** Positional reads over a seekable Flink stream; synchronized (one shared stream). */
    private static final class FlinkInputFile implements InputFile {
        private final String path;
        private final FSDataInputStream in;
        private final long length;

        FlinkInputFile(String path, FSDataInputStream in, long length) {
            this.path = path;
            this.in = in;
            this.length = length;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public synchronized void readFully(long position, byte[] buf, int off, int len)
                throws IOException {
            if (position < 0 || len < 0 || position + len > length) {
                throw new EOFException(
                        "read of "
                                + len
                                + " bytes at offset "
                                + position
                                + " is past the end of "
                                + path
                                + " (length "
                                + length
                                + ")");
            }
            in.seek(position);
            int done = 0;
            while (done < len) {
                int n = in.read(buf, off + done, len - done);
                if (n < 0) {
                    throw new EOFException(
                            "unexpected end of " + path + " at offset " + (position + done));
                }
                done += n;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
