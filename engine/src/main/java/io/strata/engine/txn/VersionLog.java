package io.strata.engine.txn;

import io.strata.engine.io.FileIO;
import io.strata.engine.rowset.RowsetPaths;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.strata.SnapshotPB;
import io.strata.proto.strata.VersionPB;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table's published-version log (Doris FE's publish-version record): {@code
 * _meta/version/<v>.pb} per version, written create-if-absent so exactly one publisher wins each
 * number, and {@code _meta/snapshot/<v>.pb} every {@link #snapshotInterval()} versions, so that
 * loading a state reads one snapshot plus at most that many version files. Thread-safe (stateless
 * apart from its paths).
 */
public final class VersionLog {
    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_SNAPSHOT_INTERVAL = 10;

    private final FileIO io;
    private final String versionDir;
    private final String snapshotDir;
    private final int snapshotInterval;

    public VersionLog(FileIO io, String tablePath, int snapshotInterval) {
        this.io = io;
        String meta = RowsetPaths.join(tablePath, "_meta");
        this.versionDir = meta + "/version";
        this.snapshotDir = meta + "/snapshot";
        this.snapshotInterval = snapshotInterval;
    }

    public int snapshotInterval() {
        return snapshotInterval;
    }

    public String versionPath(long v) {
        return versionDir + "/" + v + ".pb";
    }

    public String snapshotPath(long v) {
        return snapshotDir + "/" + v + ".pb";
    }

    /** The highest published version (0 when none), by listing the version directory. */
    public long latestVersion() throws IOException {
        long max = 0;
        for (long v : listNumbers(versionDir)) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * The highest published version, starting from a version known to exist ({@code hint} > 0):
     * probes {@code hint+1, hint+2, ...} with exists() instead of listing the whole directory,
     * which on object stores costs one page per thousand versions. Versions are contiguous (v+1 is
     * only ever written after v), so the first absent number ends the search.
     */
    public long latestVersion(long hint) throws IOException {
        if (hint <= 0 || !io.exists(versionPath(hint))) {
            return latestVersion();
        }
        long v = hint;
        while (io.exists(versionPath(v + 1))) {
            v++;
        }
        return v;
    }

    /** Published version numbers, ascending. */
    public List<Long> versions() throws IOException {
        List<Long> vs = listNumbers(versionDir);
        vs.sort(null);
        return vs;
    }

    private List<Long> listNumbers(String dir) throws IOException {
        List<Long> out = new ArrayList<>();
        for (FileIO.FileStatus s : io.list(dir)) {
            String n = s.name();
            // Temp files of writeAtomically ("<v>.pb.tmp-...") are not versions.
            if (s.isDirectory() || !n.endsWith(".pb")) {
                continue;
            }
            try {
                out.add(Long.parseLong(n.substring(0, n.length() - 3)));
            } catch (NumberFormatException e) {
                // not ours
            }
        }
        return out;
    }

    /** Reads and verifies version {@code v}. */
    public VersionPB readVersion(long v) throws IOException {
        String path = versionPath(v);
        byte[] payload = MetaFile.read(io, path);
        VersionPB pb;
        try {
            pb = VersionPB.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptSegmentException(path, MetaFile.HEADER, "malformed VersionPB", e);
        }
        if (pb.getVersion() != v) {
            throw new CorruptSegmentException(
                    path, MetaFile.HEADER, "file holds version " + pb.getVersion());
        }
        if (pb.getFormatVersion() > FORMAT_VERSION) {
            throw new IOException(
                    path + ": format version " + pb.getFormatVersion() + " is not supported");
        }
        return pb;
    }

    /** Writes version {@code v} if absent; false when another publisher already wrote it. */
    public boolean writeVersion(VersionPB v) throws IOException {
        return MetaFile.write(io, versionPath(v.getVersion()), v.toByteArray());
    }

    /** Writes a snapshot if absent (best effort: a missing snapshot only costs replay). */
    public boolean writeSnapshot(TableState s) throws IOException {
        return MetaFile.write(
                io,
                snapshotPath(s.version()),
                s.toSnapshot(System.currentTimeMillis()).toByteArray());
    }

    private SnapshotPB readSnapshot(long v) throws IOException {
        String path = snapshotPath(v);
        byte[] payload = MetaFile.read(io, path);
        try {
            SnapshotPB s = SnapshotPB.parseFrom(payload);
            if (s.getVersion() != v) {
                throw new CorruptSegmentException(
                        path, MetaFile.HEADER, "file holds snapshot " + s.getVersion());
            }
            return s;
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptSegmentException(path, MetaFile.HEADER, "malformed SnapshotPB", e);
        }
    }

    /**
     * The state at version {@code v}: from {@code base} if it is at or below {@code v} and no
     * snapshot is closer, else from the newest snapshot at or below {@code v}, replaying version
     * files up to {@code v}.
     */
    public TableState load(long v, TableState base) throws IOException {
        if (base != null && base.version() == v) {
            return base;
        }
        long bestSnapshot = 0;
        for (long s : listNumbers(snapshotDir)) {
            if (s <= v && s > bestSnapshot) {
                bestSnapshot = s;
            }
        }
        TableState state;
        if (base != null && base.version() <= v && base.version() >= bestSnapshot) {
            state = base;
        } else if (bestSnapshot > 0) {
            try {
                state = TableState.fromSnapshot(readSnapshot(bestSnapshot));
            } catch (CorruptSegmentException | FileNotFoundException e) {
                // Snapshots are a cache of the version files: fall back to a full replay.
                state = TableState.empty();
            }
        } else {
            state = TableState.empty();
        }
        for (long x = state.version() + 1; x <= v; x++) {
            state = state.apply(readVersion(x));
        }
        return state;
    }
}
