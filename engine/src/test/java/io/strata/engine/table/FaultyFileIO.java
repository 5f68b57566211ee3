package io.strata.engine.table;

import io.strata.engine.io.FileIO;
import io.strata.engine.io.InputFile;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FileIO that fails its k-th call (counting every FileIO method and every stream write/close),
 * either before doing anything or, with {@code afterEffect}, after the operation took effect (the
 * caller sees an error although e.g. a rename happened).
 */
final class FaultyFileIO implements FileIO {
    private final FileIO delegate;
    private final int failAt;
    private final boolean afterEffect;
    private final AtomicInteger calls = new AtomicInteger();
    volatile boolean failed;

    FaultyFileIO(FileIO delegate, int failAt, boolean afterEffect) {
        this.delegate = delegate;
        this.failAt = failAt;
        this.afterEffect = afterEffect;
    }

    int calls() {
        return calls.get();
    }

    private boolean hit() {
        if (calls.incrementAndGet() == failAt) {
            failed = true;
            return true;
        }
        return false;
    }

    private IOException boom(String what) {
        return new IOException("injected failure #" + failAt + " at " + what);
    }

    private interface Op<T> {
        T run() throws IOException;
    }

    private <T> T call(String what, Op<T> op) throws IOException {
        boolean h = hit();
        if (h && !afterEffect) {
            throw boom(what);
        }
        T r = op.run();
        if (h) {
            throw boom(what);
        }
        return r;
    }

    @Override
    public InputFile open(String path) throws IOException {
        return call("open " + path, () -> delegate.open(path));
    }

    @Override
    public OutputStream create(String path) throws IOException {
        OutputStream out = call("create " + path, () -> delegate.create(path));
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                call(
                        "write " + path,
                        () -> {
                            out.write(b);
                            return null;
                        });
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                call(
                        "write " + path,
                        () -> {
                            out.write(b, off, len);
                            return null;
                        });
            }

            @Override
            public void close() throws IOException {
                call(
                        "close " + path,
                        () -> {
                            out.close();
                            return null;
                        });
            }
        };
    }

    @Override
    public boolean renameNoOverwrite(String from, String to) throws IOException {
        return call("rename " + to, () -> delegate.renameNoOverwrite(from, to));
    }

    @Override
    public boolean delete(String path) throws IOException {
        return call("delete " + path, () -> delegate.delete(path));
    }

    @Override
    public void deleteRecursively(String path) throws IOException {
        call(
                "deleteRecursively " + path,
                () -> {
                    delegate.deleteRecursively(path);
                    return null;
                });
    }

    @Override
    public boolean exists(String path) throws IOException {
        return call("exists " + path, () -> delegate.exists(path));
    }

    @Override
    public List<FileStatus> list(String dir) throws IOException {
        return call("list " + dir, () -> delegate.list(dir));
    }
}
