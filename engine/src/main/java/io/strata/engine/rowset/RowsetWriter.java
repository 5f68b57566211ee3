package io.strata.engine.rowset;

import io.strata.engine.block.Block;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentInfo;
import io.strata.engine.segment.SegmentWriterOptions;
import io.strata.proto.olap.KeyBoundsPB;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.RowsetStatePB;
import io.strata.proto.olap.RowsetTypePB;
import io.strata.proto.olap.SegmentsOverlapPB;

import com.google.protobuf.ByteString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes the segments of one rowset of one tablet (Doris {@code BetaRowsetWriter} + {@code
 * SegmentFlusher}): each {@link #flush} writes one sorted block as one segment, cut into several
 * when a segment reaches the maximum size; {@link #build()} describes the rowset as a COMMITTED
 * {@code RowsetMetaPB}; {@link #abort()} deletes its files. Flushes may run concurrently; segment
 * ids are allocated in the order segments are started.
 */
public final class RowsetWriter {
    /** Rows appended to a segment writer at a time; also the granularity of size cuts. */
    static final int APPEND_BATCH = 4096;

    private final FileIO io;
    private final String tablePath;
    private final SegmentFormat format;
    private final TabletSchema schema;
    private final int schemaHash;
    private final long tabletId;
    private final long partitionId;
    private final long maxSegmentBytes;
    private final String rowsetId;
    private final long creationTime = System.currentTimeMillis();

    private int nextSegmentId;
    private final TreeMap<Integer, SegmentInfo> segments = new TreeMap<>();
    private final List<String> createdPaths = new ArrayList<>();
    private long rawBytes;

    public RowsetWriter(
            FileIO io,
            String tablePath,
            SegmentFormat format,
            TabletSchema schema,
            int schemaHash,
            long tabletId,
            long partitionId,
            long maxSegmentBytes) {
        this.io = io;
        this.tablePath = tablePath;
        this.format = format;
        this.schema = schema;
        this.schemaHash = schemaHash;
        this.tabletId = tabletId;
        this.partitionId = partitionId;
        this.maxSegmentBytes = maxSegmentBytes;
        this.rowsetId = RowsetId.next();
    }

    public String rowsetId() {
        return rowsetId;
    }

    public long tabletId() {
        return tabletId;
    }

    private synchronized int allocateSegment(String[] pathOut) {
        int id = nextSegmentId++;
        pathOut[0] = RowsetPaths.segmentPath(tablePath, tabletId, schemaHash, rowsetId, id);
        createdPaths.add(pathOut[0]);
        return id;
    }

    /** Writes {@code sorted} (rows in key order) as one or more segments. */
    public void flush(Block sorted) throws IOException {
        int n = sorted.rowCount();
        int pos = 0;
        while (pos < n) {
            String[] path = new String[1];
            int id = allocateSegment(path);
            SegmentInfo info;
            try (SegmentFormat.Writer w =
                    format.create(io, path[0], schema, SegmentWriterOptions.of(schema, id))) {
                while (pos < n) {
                    int len = Math.min(APPEND_BATCH, n - pos);
                    w.append(sorted, pos, len);
                    pos += len;
                    if (pos < n && w.estimatedFileSize() >= maxSegmentBytes) {
                        break;
                    }
                }
                info = w.finish();
            }
            synchronized (this) {
                segments.put(id, info);
                rawBytes += info.rawDataBytes();
            }
        }
    }

    /** Segments finished so far. */
    public synchronized int numSegments() {
        return segments.size();
    }

    /** The COMMITTED rowset meta; call after every flush has finished. */
    public synchronized RowsetMetaPB build(long txnId) {
        long rows = 0;
        long total = 0;
        long data = 0;
        long index = 0;
        RowsetMetaPB.Builder b = RowsetMetaPB.newBuilder();
        for (SegmentInfo s : segments.values()) {
            rows += s.numRows();
            total += s.fileSize();
            data += s.dataBytes();
            index += s.indexBytes();
            b.addNumSegmentRows(s.numRows());
            b.addSegmentsFileSize(s.fileSize());
            b.addSegmentsKeyBounds(
                    KeyBoundsPB.newBuilder()
                            .setMinKey(bytes(s.minKey()))
                            .setMaxKey(bytes(s.maxKey())));
        }
        return b.setRowsetId(0)
                .setRowsetIdV2(rowsetId)
                .setPartitionId(partitionId)
                .setTabletId(tabletId)
                .setTxnId(txnId)
                .setTabletSchemaHash(schemaHash)
                .setRowsetType(RowsetTypePB.BETA_ROWSET)
                .setRowsetState(RowsetStatePB.COMMITTED)
                .setNumRows(rows)
                .setTotalDiskSize(total)
                .setDataDiskSize(data)
                .setIndexDiskSize(index)
                .setEmpty(rows == 0)
                .setDeleteFlag(false)
                .setCreationTime(creationTime / 1000)
                .setNewestWriteTimestamp(System.currentTimeMillis() / 1000)
                .setNumSegments(segments.size())
                .setSegmentsOverlapPb(
                        segments.size() <= 1
                                ? SegmentsOverlapPB.NONOVERLAPPING
                                : SegmentsOverlapPB.OVERLAPPING)
                .build();
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }

    /** Deletes every file this writer created (finished or partial). */
    public void abort() throws IOException {
        List<String> paths;
        synchronized (this) {
            paths = new ArrayList<>(createdPaths);
        }
        IOException first = null;
        for (String p : paths) {
            try {
                io.delete(p);
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
}
