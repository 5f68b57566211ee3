package io.strata.engine.table;

import io.strata.engine.io.FileIO;
import io.strata.engine.rowset.RowsetPaths;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.VersionPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes garbage of transactions that never published (crashed writers, failed attempts,
 * compactions that lost a conflict or crashed before deleting replaced files): data files that no
 * retained version references (the oldest retained version's full state plus every later version's
 * additions) and temp files of metadata writes, provided they are older than a safety age (so files
 * of a transaction still being written or published survive).
 */
public final class OrphanCleaner {
    /** Default safety age: a transaction is expected to publish within a day. */
    public static final long DEFAULT_MIN_AGE_MILLIS = 24L * 3600 * 1000;

    /** What a clean found and removed. */
    public record Result(int filesScanned, List<String> deleted, long bytesDeleted) {}

    private OrphanCleaner() {}

    /** Deletes unreferenced files older than {@code minAgeMillis}; {@code dryRun} only lists. */
    public static Result clean(Table table, long minAgeMillis, boolean dryRun) throws IOException {
        FileIO io = table.io();
        Set<String> referenced = new HashSet<>();
        List<Long> versions = table.versionLog().versions();
        // After version expiry, rowsets published long ago are referenced by snapshots (the
        // expiry snapshot at the oldest retained version), not by any retained version file; an
        // interrupted expiry may also leave a gap. So every snapshot's state counts, as does the
        // oldest version's. A state that cannot be loaded aborts the clean (never guess).
        Set<Long> roots = new java.util.TreeSet<>();
        if (!versions.isEmpty()) {
            roots.add(versions.get(0));
        }
        for (FileIO.FileStatus f : io.list(RowsetPaths.join(table.path(), "_meta/snapshot"))) {
            String n = f.name();
            if (!f.isDirectory() && n.endsWith(".pb")) {
                try {
                    roots.add(Long.parseLong(n.substring(0, n.length() - 3)));
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
        for (long root : roots) {
            for (TableState.TabletState ts :
                    table.versionLog().load(root, null).tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    for (int s = 0; s < r.getNumSegments(); s++) {
                        referenced.add(normalize(table.segmentPath(r, s)));
                    }
                }
            }
        }
        for (long v : versions) {
            VersionPB pb = table.versionLog().readVersion(v);
            for (TabletRowsetsPB t : pb.getTabletsList()) {
                for (RowsetMetaPB r : t.getAddedList()) {
                    for (int s = 0; s < r.getNumSegments(); s++) {
                        referenced.add(normalize(table.segmentPath(r, s)));
                    }
                }
            }
        }
        long cutoff = System.currentTimeMillis() - minAgeMillis;
        List<String> deleted = new ArrayList<>();
        long[] bytes = {0};
        int[] scanned = {0};
        walk(
                io,
                RowsetPaths.dataDir(table.path()),
                f -> {
                    scanned[0]++;
                    if (!referenced.contains(normalize(f.path()))
                            && f.modificationTimeMillis() <= cutoff) {
                        deleted.add(f.path());
                        bytes[0] += f.length();
                    }
                });
        String meta = RowsetPaths.join(table.path(), "_meta");
        for (String sub : List.of(meta, meta + "/version", meta + "/snapshot")) {
            for (FileIO.FileStatus f : io.list(sub)) {
                if (!f.isDirectory()
                        && f.name().contains(".tmp-")
                        && f.modificationTimeMillis() <= cutoff) {
                    deleted.add(f.path());
                    bytes[0] += f.length();
                }
            }
        }
        if (!dryRun) {
            for (String p : deleted) {
                io.delete(p);
            }
        }
        return new Result(scanned[0], deleted, bytes[0]);
    }

    private interface Visitor {
        void file(FileIO.FileStatus f);
    }

    private static void walk(FileIO io, String dir, Visitor v) throws IOException {
        for (FileIO.FileStatus f : io.list(dir)) {
            if (f.isDirectory()) {
                walk(io, f.path(), v);
            } else {
                v.file(f);
            }
        }
    }

    private static String normalize(String p) {
        return p.replaceAll("/+", "/");
    }
}
