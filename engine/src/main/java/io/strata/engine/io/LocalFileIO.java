package io.strata.engine.io;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link FileIO} on the local file system. Accepts plain paths and {@code file:} URIs. Rename
 * without overwrite uses {@link Files#createLink} (a hard link fails atomically if the target
 * exists) followed by deleting the source, so a lost race never replaces a published file.
 */
public final class LocalFileIO implements FileIO {

    public static final LocalFileIO INSTANCE = new LocalFileIO();

    static Path toPath(String path) {
        if (path.startsWith("file:")) {
            return Paths.get(URI.create(path));
        }
        return Paths.get(path);
    }

    @Override
    public InputFile open(String path) throws IOException {
        Path p = toPath(path);
        try {
            return new LocalInputFile(path, FileChannel.open(p, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(path);
        }
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path p = toPath(path);
        Path parent = p.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public boolean renameNoOverwrite(String from, String to) throws IOException {
        Path src = toPath(from);
        Path dst = toPath(to);
        if (dst.getParent() != null) {
            Files.createDirectories(dst.getParent());
        }
        try {
            Files.createLink(dst, src);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | AtomicMoveNotSupportedException e) {
            // File systems without hard links: exclusive create of the target, then copy.
            try {
                Files.copy(src, dst);
            } catch (FileAlreadyExistsException e2) {
                return false;
            }
        }
        Files.deleteIfExists(src);
        return true;
    }

    @Override
    public boolean delete(String path) throws IOException {
        return Files.deleteIfExists(toPath(path));
    }

    @Override
    public void deleteRecursively(String path) throws IOException {
        Path root = toPath(path);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(toPath(path));
    }

    @Override
    public List<FileStatus> list(String dir) throws IOException {
        Path d = toPath(dir);
        List<FileStatus> out = new ArrayList<>();
        if (!Files.isDirectory(d)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // deleted concurrently
                }
                String name = p.getFileName().toString();
                String childPath = dir.endsWith("/") ? dir + name : dir + "/" + name;
                out.add(
                        new FileStatus(
                                childPath,
                                name,
                                a.isDirectory(),
                                a.size(),
                                a.lastModifiedTime().toMillis()));
            }
        }
        out.sort(Comparator.comparing(FileStatus::name));
        return out;
    }

    private static final class LocalInputFile implements InputFile {
        private final String path;
        private final FileChannel channel;
        private final long length;

        LocalInputFile(String path, FileChannel channel) throws IOException {
            this.path = path;
            this.channel = channel;
            this.length = channel.size();
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
        public void readFully(long position, byte[] buf, int off, int len) throws IOException {
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
            ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
            long pos = position;
            while (bb.hasRemaining()) {
                int n = channel.read(bb, pos);
                if (n < 0) {
                    throw new EOFException("unexpected end of " + path + " at offset " + pos);
                }
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
