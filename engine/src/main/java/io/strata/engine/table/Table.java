package io.strata.engine.table;

import io.strata.engine.io.FileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.RowsetId;
import io.strata.engine.rowset.RowsetPaths;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.tablet.DeletePredicates;
import io.strata.engine.tablet.TabletContext;
import io.strata.engine.txn.MetaFile;
import io.strata.engine.txn.TableState;
import io.strata.engine.txn.VersionLog;
import io.strata.engine.util.Durations;
import io.strata.proto.olap.DeletePredicatePB;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.RowsetStatePB;
import io.strata.proto.olap.RowsetTypePB;
import io.strata.proto.olap.SegmentsOverlapPB;
import io.strata.proto.strata.CheckpointPB;
import io.strata.proto.strata.PartitionPB;
import io.strata.proto.strata.TableMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.TxnCommitPB;
import io.strata.proto.strata.VersionPB;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A Strata table on a {@link FileIO}: its descriptor ({@code _meta/table.pb}), its published
 * versions ({@code _meta/version/<v>.pb}, {@code _meta/snapshot/<v>.pb}) and its data files. Entry
 * point for writing ({@link #openChannel}), publishing ({@link #publish}, {@link #deleteWhere}) and
 * reading ({@link #newScan}). Thread-safe; several processes may publish to one table concurrently
 * (create-if-absent version files decide races).
 */
public final class Table implements Closeable {
    private static final int MAX_PUBLISH_ATTEMPTS = 200;

    private final FileIO io;
    private final String path;
    private final TableDescriptor descriptor;
    private final TableMetaPB meta;
    private final int schemaHash;
    private final SegmentFormat format;
    private final VersionLog log;
    private final TabletRouter router;
    private final TabletContext tabletContext;
    private volatile TableState cached;

    private Table(FileIO io, String path, TableMetaPB meta, SegmentFormat format)
            throws IOException {
        this.io = io;
        this.path = path;
        this.meta = meta;
        this.descriptor = SchemaCodec.fromProto(meta);
        this.schemaHash = SchemaCodec.schemaHash(descriptor.schema());
        this.format = format;
        int interval = VersionLog.DEFAULT_SNAPSHOT_INTERVAL;
        String iv = descriptor.properties().get("snapshot.interval");
        if (iv != null) {
            interval = Math.max(1, Integer.parseInt(iv));
        }
        this.log = new VersionLog(io, path, interval);
        this.router = new TabletRouter(descriptor);
        this.tabletContext = new TabletContext(io, path, format, descriptor.schema(), schemaHash);
    }

    private static String metaPath(String path) {
        return RowsetPaths.join(path, "_meta/table.pb");
    }

    /** Creates a table; {@link TableAlreadyExistsException} if one exists at {@code path}. */
    public static Table create(FileIO io, String path, TableDescriptor d) throws IOException {
        return create(io, path, d, SegmentFormat.DORIS);
    }

    /** {@link #create(FileIO, String, TableDescriptor)} with an explicit segment format. */
    public static Table create(FileIO io, String path, TableDescriptor d, SegmentFormat format)
            throws IOException {
        TableMetaPB pb =
                SchemaCodec.toProto(d, UUID.randomUUID().toString(), System.currentTimeMillis());
        if (io.exists(metaPath(path)) || !MetaFile.write(io, metaPath(path), pb.toByteArray())) {
            throw new TableAlreadyExistsException(path);
        }
        return new Table(io, path, pb, format);
    }

    /** Opens a table; {@link TableNotFoundException} if there is none at {@code path}. */
    public static Table open(FileIO io, String path) throws IOException {
        return open(io, path, SegmentFormat.DORIS);
    }

    /** {@link #open(FileIO, String)} with an explicit segment format. */
    public static Table open(FileIO io, String path, SegmentFormat format) throws IOException {
        String mp = metaPath(path);
        byte[] payload;
        try {
            payload = MetaFile.read(io, mp);
        } catch (FileNotFoundException e) {
            throw new TableNotFoundException(path);
        }
        TableMetaPB pb;
        try {
            pb = TableMetaPB.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptSegmentException(mp, 12, "malformed TableMetaPB", e);
        }
        return new Table(io, path, pb, format);
    }

    /** True when a table exists at {@code path}. */
    public static boolean exists(FileIO io, String path) throws IOException {
        return io.exists(metaPath(path));
    }

    public String path() {
        return path;
    }

    public FileIO io() {
        return io;
    }

    public TableDescriptor descriptor() {
        return descriptor;
    }

    public TabletSchema schema() {
        return descriptor.schema();
    }

    /** The stored table metadata. */
    public TableMetaPB metaProto() {
        return meta;
    }

    /** Doris schema hash of the current schema (a data directory level). */
    public int schemaHash() {
        return schemaHash;
    }

    /** The router shared with the connector's pre-write shuffle. */
    public TabletRouter router() {
        return router;
    }

    /** Storage, format and schema shared by this table's writers and readers. */
    public TabletContext tabletContext() {
        return tabletContext;
    }

    public SegmentFormat segmentFormat() {
        return format;
    }

    /** The version log (engine-internal use: CLI, cleaner). */
    public VersionLog versionLog() {
        return log;
    }

    /** The latest published version, re-reading storage; 0 for an empty table. */
    public long latestVersion() throws IOException {
        TableState c = cached;
        return log.latestVersion(c == null ? 0 : c.version());
    }

    /** The table state at version {@code v} (cached; incremental replay). */
    public TableState state(long v) throws IOException {
        TableState c = cached;
        TableState s = log.load(v, c != null && c.version() <= v ? c : null);
        if (c == null || s.version() > c.version()) {
            cached = s;
        }
        return s;
    }

    /** Retained versions, oldest first. */
    public List<VersionInfo> versions() throws IOException {
        List<VersionInfo> out = new ArrayList<>();
        for (long v : log.versions()) {
            VersionPB pb = log.readVersion(v);
            out.add(
                    new VersionInfo(
                            v,
                            pb.hasLabel() ? pb.getLabel() : null,
                            pb.getTimestampMs(),
                            pb.getNumRows(),
                            pb.hasCommitUser() ? pb.getCommitUser() : null,
                            pb.getCheckpointId(),
                            pb.getIsDelete()));
        }
        return out;
    }

    /** Opens a write channel (one per writer subtask) on the shared engine. */
    public TabletsChannel openChannel(StorageEngine engine, ChannelOptions options)
            throws IOException {
        return new TabletsChannel(this, engine, options);
    }

    /**
     * Publishes one table version holding every rowset of the commit. Idempotent by label: a label
     * already published returns that version with alreadyPublished = true and changes nothing.
     * commitUser/checkpointId (nullable/-1 outside Flink) are recorded so that
     * lastCommittedCheckpoint(commitUser) reads the latest version file only.
     */
    public PublishResult publish(
            String label, TxnCommit commit, String commitUser, long checkpointId)
            throws IOException {
        TxnCommit c = commit == null ? TxnCommit.empty() : commit;
        return publishInternal(label, s -> c.proto(), commitUser, checkpointId, false);
    }

    /**
     * INSERT OVERWRITE: publishes the commit and, in the same version, removes every rowset that is
     * live at publish time in the overwritten partitions, so readers see either the old or the new
     * contents, never a mix. Idempotent by label like {@link #publish}. Overwritten: the whole
     * table when it has no partition columns; else the partition named by {@code staticPartition}
     * when it gives a value for every partition column (cleared even if the commit is empty); else
     * the partitions the commit writes (dynamic overwrite).
     *
     * @param staticPartition partition column → value text (as in {@code PARTITION (dt =
     *     '2024-01-01')}); may be empty
     */
    public PublishResult publishOverwrite(
            String label,
            TxnCommit commit,
            String commitUser,
            long checkpointId,
            Map<String, String> staticPartition)
            throws IOException {
        TxnCommit c = commit == null ? TxnCommit.empty() : commit;
        List<String> partCols = descriptor.partitionColumns();
        java.util.Map<String, String> spec = new java.util.HashMap<>();
        staticPartition.forEach((k, v) -> spec.put(k.toLowerCase(java.util.Locale.ROOT), v));
        boolean fullStatic = !partCols.isEmpty();
        for (String pc : partCols) {
            fullStatic &= spec.containsKey(pc.toLowerCase(java.util.Locale.ROOT));
        }
        boolean wholeTable = partCols.isEmpty();
        boolean staticSpec = fullStatic;
        return publishInternal(
                label,
                s -> {
                    TxnCommitPB base = c.proto();
                    java.util.Set<Long> written = new java.util.HashSet<>();
                    java.util.Map<Long, TabletRowsetsPB.Builder> byTablet =
                            new java.util.LinkedHashMap<>();
                    for (TabletRowsetsPB t : base.getTabletsList()) {
                        written.add(t.getPartitionId());
                        byTablet.put(t.getTabletId(), t.toBuilder());
                    }
                    for (TableState.TabletState ts : s.tablets().values()) {
                        boolean hit;
                        if (wholeTable) {
                            hit = true;
                        } else if (staticSpec) {
                            PartitionPB p = s.partitions().get(ts.partitionId());
                            hit = p != null && matches(p, partCols, spec);
                        } else {
                            hit = written.contains(ts.partitionId());
                        }
                        if (!hit || ts.rowsets().isEmpty()) {
                            continue;
                        }
                        TabletRowsetsPB.Builder tb =
                                byTablet.computeIfAbsent(
                                        ts.tabletId(),
                                        id ->
                                                TabletRowsetsPB.newBuilder()
                                                        .setTabletId(id)
                                                        .setPartitionId(ts.partitionId())
                                                        .setBucket(ts.bucket()));
                        for (RowsetMetaPB r : ts.rowsets()) {
                            tb.addRemovedRowsetIds(r.getRowsetIdV2());
                        }
                    }
                    TxnCommitPB.Builder out = base.toBuilder().clearTablets();
                    for (TabletRowsetsPB.Builder tb : byTablet.values()) {
                        out.addTablets(tb);
                    }
                    return out.build();
                },
                commitUser,
                checkpointId,
                false);
    }

    private static boolean matches(
            PartitionPB p, List<String> partCols, java.util.Map<String, String> spec) {
        for (int i = 0; i < partCols.size(); i++) {
            String want = spec.get(partCols.get(i).toLowerCase(java.util.Locale.ROOT));
            boolean isNull = i < p.getIsNullCount() && p.getIsNull(i);
            String have = isNull || i >= p.getValuesCount() ? null : p.getValues(i);
            if (have == null || !have.equals(want)) {
                return false;
            }
        }
        return true;
    }

    private PublishResult publishInternal(
            String label,
            Function<TableState, TxnCommitPB> commitFor,
            String commitUser,
            long checkpointId,
            boolean isDelete)
            throws IOException {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("publish needs a non-empty label");
        }
        for (int attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt++) {
            long v = latestVersion();
            TableState s = state(v);
            OptionalLong done = s.labelVersion(label);
            if (done.isPresent()) {
                return new PublishResult(done.getAsLong(), true);
            }
            TxnCommitPB commit = commitFor.apply(s);
            long nv = v + 1;
            List<RowsetMetaPB> skipped = new ArrayList<>();
            VersionPB pb =
                    buildVersion(s, nv, label, commit, commitUser, checkpointId, isDelete, skipped);
            if (log.writeVersion(pb)) {
                // Compaction results that lost to a concurrent change: their outputs will never
                // be referenced (best effort; the orphan cleaner catches what a crash leaves).
                for (RowsetMetaPB r : skipped) {
                    try {
                        deleteRowsetFiles(r);
                    } catch (IOException e) {
                        // left for OrphanCleaner
                    }
                }
                TableState ns = s.apply(pb);
                cached = ns;
                if (nv % log.snapshotInterval() == 0) {
                    try {
                        log.writeSnapshot(ns);
                    } catch (IOException e) {
                        // Snapshots only speed up loading; the version file is the truth.
                    }
                }
                return new PublishResult(nv, false);
            }
            // Lost the race for version nv: back off, re-read, re-check.
            try {
                Thread.sleep(
                        Math.min(200, 1 + attempt * 2) + ThreadLocalRandom.current().nextInt(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while publishing " + label);
            }
        }
        throw new IOException(
                "could not publish label "
                        + label
                        + " after "
                        + MAX_PUBLISH_ATTEMPTS
                        + " attempts");
    }

    private VersionPB buildVersion(
            TableState s,
            long nv,
            String label,
            TxnCommitPB commit,
            String commitUser,
            long checkpointId,
            boolean isDelete,
            List<RowsetMetaPB> skippedCompactions)
            throws IOException {
        VersionPB.Builder b =
                VersionPB.newBuilder()
                        .setFormatVersion(VersionLog.FORMAT_VERSION)
                        .setVersion(nv)
                        .setLabel(label)
                        .setTimestampMs(System.currentTimeMillis())
                        .setCheckpointId(checkpointId)
                        .setIsDelete(isDelete);
        if (commitUser != null) {
            b.setCommitUser(commitUser);
        }
        long rows = 0;
        // Compactions first: each replaces its inputs by one rowset that keeps the inputs'
        // version range, so DELETE predicates of later versions still hide its rows. A result
        // whose inputs changed since it began (another compaction, an overwrite) is dropped.
        java.util.Set<String> consumed = new java.util.HashSet<>();
        // Rowsets the commit's own data entries remove (INSERT OVERWRITE) win over compactions.
        java.util.Set<String> overwritten = new java.util.HashSet<>();
        for (TabletRowsetsPB t : commit.getTabletsList()) {
            for (String removed : t.getRemovedRowsetIdsList()) {
                overwritten.add(t.getTabletId() + "/" + removed);
            }
        }
        for (TabletRowsetsPB c : commit.getCompactionsList()) {
            boolean live = c.getRemovedRowsetIdsCount() > 0;
            for (String removed : c.getRemovedRowsetIdsList()) {
                String key = c.getTabletId() + "/" + removed;
                live &=
                        s.hasRowset(c.getTabletId(), removed)
                                && !consumed.contains(key)
                                && !overwritten.contains(key);
            }
            if (!live) {
                for (RowsetMetaPB out : c.getAddedList()) {
                    // A result published before (a replay under another label) stays.
                    if (!s.hasRowset(c.getTabletId(), out.getRowsetIdV2())) {
                        skippedCompactions.add(out);
                    }
                }
                continue;
            }
            for (String removed : c.getRemovedRowsetIdsList()) {
                consumed.add(c.getTabletId() + "/" + removed);
            }
            TabletRowsetsPB.Builder cb = c.toBuilder().clearAdded();
            for (RowsetMetaPB r : c.getAddedList()) {
                cb.addAdded(r.toBuilder().setRowsetState(RowsetStatePB.VISIBLE));
            }
            b.addTablets(cb);
        }
        for (TabletRowsetsPB t : commit.getTabletsList()) {
            for (String removed : t.getRemovedRowsetIdsList()) {
                if (!s.hasRowset(t.getTabletId(), removed)
                        || consumed.contains(t.getTabletId() + "/" + removed)) {
                    throw new IOException(
                            "publish of "
                                    + label
                                    + " conflicts: rowset "
                                    + removed
                                    + " of tablet "
                                    + t.getTabletId()
                                    + " is no longer live at version "
                                    + s.version());
                }
            }
            TabletRowsetsPB.Builder tb = t.toBuilder().clearAdded();
            for (RowsetMetaPB r : t.getAddedList()) {
                RowsetMetaPB.Builder rb =
                        r.toBuilder()
                                .setStartVersion(nv)
                                .setEndVersion(nv)
                                .setRowsetState(RowsetStatePB.VISIBLE);
                if (r.hasDeletePredicate()) {
                    rb.setDeletePredicate(r.getDeletePredicate().toBuilder().setVersion((int) nv));
                }
                rows += r.getNumRows();
                tb.addAdded(rb);
            }
            b.addTablets(tb);
        }
        Map<Long, PartitionPB> known = s.partitions();
        for (PartitionPB p : commit.getPartitionsList()) {
            PartitionPB old = known.get(p.getPartitionId());
            if (old == null) {
                b.addNewPartitions(p);
            } else if (!old.getValuesList().equals(p.getValuesList())
                    || !old.getIsNullList().equals(p.getIsNullList())) {
                throw new IOException(
                        "partition id collision: "
                                + p.getValuesList()
                                + " and "
                                + old.getValuesList()
                                + " both map to partition "
                                + p.getPartitionId());
            }
        }
        // Carry every commit user's highest checkpoint so the latest version alone answers.
        Map<String, Long> cps = new java.util.TreeMap<>(s.checkpoints());
        if (commitUser != null && checkpointId >= 0) {
            cps.merge(commitUser, checkpointId, Math::max);
        }
        cps.forEach(
                (u, cp) ->
                        b.addCheckpoints(
                                CheckpointPB.newBuilder().setCommitUser(u).setCheckpointId(cp)));
        b.setNumRows(rows);
        return b.build();
    }

    /** The highest checkpoint id published by {@code commitUser}, from the latest version file. */
    public OptionalLong lastCommittedCheckpoint(String commitUser) throws IOException {
        long v = latestVersion();
        if (v == 0) {
            return OptionalLong.empty();
        }
        for (CheckpointPB c : log.readVersion(v).getCheckpointsList()) {
            if (c.getCommitUser().equals(commitUser)) {
                return OptionalLong.of(c.getCheckpointId());
            }
        }
        return OptionalLong.empty();
    }

    /** Deletes the files of a commit that will never be published. */
    public void abort(TxnCommit commit) throws IOException {
        IOException first = null;
        List<RowsetMetaPB> all = new ArrayList<>(commit.rowsets());
        all.addAll(commit.compactionOutputs());
        for (RowsetMetaPB r : all) {
            try {
                deleteRowsetFiles(r);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Path of segment {@code segmentId} of a rowset. */
    public String segmentPath(RowsetMetaPB r, int segmentId) {
        return RowsetPaths.segmentPath(
                path, r.getTabletId(), r.getTabletSchemaHash(), r.getRowsetIdV2(), segmentId);
    }

    /** Deletes the segment files of a rowset (missing files are not an error). */
    public void deleteRowsetFiles(RowsetMetaPB r) throws IOException {
        for (int i = 0; i < r.getNumSegments(); i++) {
            io.delete(segmentPath(r, i));
        }
    }

    /**
     * Doris DELETE: publishes an empty rowset with a DeletePredicatePB per tablet that exists at
     * publish time; rows of older versions matching every condition disappear. UNIQUE/AGG tables
     * accept conditions on key columns only.
     */
    public PublishResult deleteWhere(String label, List<ColumnPredicate> where) throws IOException {
        DeletePredicates.validate(schema(), where);
        DeletePredicatePB pred = DeletePredicates.toProto(schema(), where, 0);
        return publishInternal(
                label,
                s -> {
                    TxnCommitPB.Builder c =
                            TxnCommitPB.newBuilder().setFormatVersion(TxnCommit.FORMAT_VERSION);
                    for (TableState.TabletState t : s.tablets().values()) {
                        RowsetMetaPB r =
                                RowsetMetaPB.newBuilder()
                                        .setRowsetId(0)
                                        .setRowsetIdV2(RowsetId.next())
                                        .setTabletId(t.tabletId())
                                        .setPartitionId(t.partitionId())
                                        .setTabletSchemaHash(schemaHash)
                                        .setRowsetType(RowsetTypePB.BETA_ROWSET)
                                        .setRowsetState(RowsetStatePB.COMMITTED)
                                        .setNumRows(0)
                                        .setEmpty(true)
                                        .setDeleteFlag(true)
                                        .setDeletePredicate(pred)
                                        .setNumSegments(0)
                                        .setCreationTime(System.currentTimeMillis() / 1000)
                                        .setSegmentsOverlapPb(SegmentsOverlapPB.NONOVERLAPPING)
                                        .build();
                        c.addTablets(
                                TabletRowsetsPB.newBuilder()
                                        .setTabletId(t.tabletId())
                                        .setPartitionId(t.partitionId())
                                        .setBucket(t.bucket())
                                        .addAdded(r));
                    }
                    return c.build();
                },
                null,
                -1,
                true);
    }

    /** Default of {@link #RETAINED_VERSIONS}: versions kept readable for time travel. */
    public static final int DEFAULT_RETAINED_VERSIONS = 100;

    /**
     * Table property: how many of the newest versions stay readable ({@code scan.version}); older
     * version files expire and rowsets only they referenced are deleted. Alias {@code
     * table.retention}.
     */
    public static final String RETAINED_VERSIONS = "snapshot.retained";

    /**
     * Table property: versions published within this duration before an expiry stay readable too,
     * whatever their number ({@code 30min}, {@code 1h}, {@code 7d}; a bare number is milliseconds).
     * Default 0: retention by count only. A version is kept while it is among the newest {@link
     * #RETAINED_VERSIONS} <em>or</em> younger than this.
     */
    public static final String TIME_RETAINED = "snapshot.time-retained";

    /** The number of versions kept readable (property {@link #RETAINED_VERSIONS}). */
    public int retainedVersions() {
        String v = descriptor.properties().get(RETAINED_VERSIONS);
        if (v == null) {
            v = descriptor.properties().get("table.retention");
        }
        if (v == null) {
            return DEFAULT_RETAINED_VERSIONS;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(
                "table property " + RETAINED_VERSIONS + " must be an integer >= 1: '" + v + "'");
    }

    /**
     * Milliseconds a published version stays readable whatever the count (property {@link
     * #TIME_RETAINED}); 0 if unset.
     */
    public long timeRetainedMillis() {
        return timeRetainedMillis(descriptor.properties());
    }

    /**
     * {@link #TIME_RETAINED} of a property map; 0 if unset; an error naming the property if bad.
     */
    public static long timeRetainedMillis(Map<String, String> properties) {
        String v = properties.get(TIME_RETAINED);
        if (v == null) {
            return 0;
        }
        try {
            return Durations.parseMillis(v, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "table property " + TIME_RETAINED + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #expireVersions} removed. */
    public record ExpireResult(
            long oldestRetained, int versionFilesDeleted, int rowsetsDeleted, long bytesDeleted) {}

    /**
     * Expires versions by the table's retention: {@link #retainedVersions()} by count and {@link
     * #timeRetainedMillis()} by age, measured against this machine's clock.
     */
    public ExpireResult expireVersions() throws IOException {
        return expireVersions(retainedVersions(), timeRetainedMillis(), System.currentTimeMillis());
    }

    /** {@link #expireVersions(int, long, long)} by count only. */
    public ExpireResult expireVersions(int retained) throws IOException {
        return expireVersions(retained, 0, 0);
    }

    /**
     * Keeps the newest {@code retained} versions readable, and every older one published at or
     * after {@code nowMillis - retainMillis}, and expires the rest: writes a snapshot at the oldest
     * retained version (so it loads without older files), deletes older version and snapshot files,
     * then deletes the data files of rowsets that only expired versions referenced (rowsets
     * replaced by compaction or overwrite). A crash part way leaves unreferenced files that {@link
     * OrphanCleaner} removes later; it never deletes a file a retained version needs.
     */
    public ExpireResult expireVersions(int retained, long retainMillis, long nowMillis)
            throws IOException {
        if (retained < 1) {
            throw new IllegalArgumentException("retained versions must be >= 1: " + retained);
        }
        if (retainMillis < 0) {
            throw new IllegalArgumentException("retained time must be >= 0: " + retainMillis);
        }
        long latest = latestVersion();
        List<Long> vs = log.versions();
        if (latest == 0 || vs.isEmpty()) {
            return new ExpireResult(0, 0, 0, 0);
        }
        long oldest = vs.get(0);
        long keepFrom = latest - retained + 1;
        if (retainMillis > 0) {
            // Publish times grow with the version number (publishes are serialized by the
            // version files): the oldest retained version is the first one young enough. Walk up
            // from the oldest kept file, so an expiry after every commit reads about one version
            // file, not every version of the retention window.
            long cutoff = nowMillis - retainMillis;
            for (long v : vs) {
                if (v >= keepFrom) {
                    break;
                }
                if (versionTimeMillis(v) >= cutoff) {
                    keepFrom = v;
                    break;
                }
            }
        }
        if (keepFrom <= oldest) {
            return new ExpireResult(oldest, 0, 0, 0);
        }
        TableState keep = log.load(keepFrom, null);
        if (!io.exists(log.snapshotPath(keepFrom))) {
            log.writeSnapshot(keep);
        }
        // Everything expired versions referenced: the oldest loadable state plus later additions.
        java.util.Map<String, RowsetMetaPB> expired = new java.util.LinkedHashMap<>();
        TableState st = log.load(oldest, null);
        for (TableState.TabletState ts : st.tablets().values()) {
            for (RowsetMetaPB r : ts.rowsets()) {
                expired.put(r.getRowsetIdV2(), r);
            }
        }
        for (long x = oldest + 1; x <= keepFrom; x++) {
            VersionPB pb;
            try {
                pb = log.readVersion(x);
            } catch (FileNotFoundException e) {
                // A gap left by an interrupted expiry: its files are the orphan cleaner's.
                continue;
            }
            for (TabletRowsetsPB t : pb.getTabletsList()) {
                for (RowsetMetaPB r : t.getAddedList()) {
                    expired.put(r.getRowsetIdV2(), r);
                }
            }
        }
        for (TableState.TabletState ts : keep.tablets().values()) {
            for (RowsetMetaPB r : ts.rowsets()) {
                expired.remove(r.getRowsetIdV2());
            }
        }
        // Newest first: if this stops part way, the versions left below the gap still start at
        // a loadable point (version 1 or an older snapshot), so a retry can load them.
        int versionFiles = 0;
        for (int i = vs.size() - 1; i >= 0; i--) {
            long x = vs.get(i);
            if (x < keepFrom && io.delete(log.versionPath(x))) {
                versionFiles++;
            }
        }
        for (FileIO.FileStatus f : io.list(RowsetPaths.join(path, "_meta/snapshot"))) {
            String n = f.name();
            if (!f.isDirectory() && n.endsWith(".pb")) {
                try {
                    if (Long.parseLong(n.substring(0, n.length() - 3)) < keepFrom) {
                        io.delete(f.path());
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
        long bytes = 0;
        for (RowsetMetaPB r : expired.values()) {
            bytes += r.getTotalDiskSize();
            deleteRowsetFiles(r);
        }
        return new ExpireResult(keepFrom, versionFiles, expired.size(), bytes);
    }

    /** Publish time of version {@code v}; {@code Long.MIN_VALUE} when its file is gone. */
    private long versionTimeMillis(long v) throws IOException {
        try {
            return log.readVersion(v).getTimestampMs();
        } catch (FileNotFoundException e) {
            return Long.MIN_VALUE; // a gap left by an interrupted expiry: expire below it
        }
    }

    /** A new scan builder (latest version unless set). */
    public TableScan newScan() {
        return new TableScan(this);
    }

    @Override
    public void close() {
        cached = null;
    }
}
