package io.strata.engine.memtable;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

/**
 * A columnar write buffer of one tablet (Doris {@code MemTable}): rows are appended column by
 * column with {@link ColumnVector#appendRows} (no row objects); {@link #toSortedBlock()} sorts and,
 * for AGG/UNIQUE, merges equal keys at flush time. Not thread-safe: one writer appends, then the
 * flush thread owns it.
 */
public final class MemTable {
    private final TabletSchema schema;
    private final Block data;
    private long memoryBytes;

    public MemTable(TabletSchema schema, int initialCapacity) {
        this.schema = schema;
        this.data = Block.create(schema.columns(), initialCapacity);
        this.memoryBytes = accounted();
    }

    /**
     * Bytes charged to the memory budget: value bytes plus one null-map byte and (strings) one
     * 4-byte offset per value. Heap use can exceed this by the vectors' growth slack (at most
     * 1.5x); charging capacity instead would let a single block's growth steps (many memtables
     * growing at once) overshoot the budget by far more than the block.
     */
    private long accounted() {
        long b = 0;
        for (ColumnVector v : data.vectors()) {
            b += v.dataBytes() + v.size();
            if (v instanceof io.strata.engine.block.BytesVector) {
                b += 4L * v.size();
            }
        }
        return b;
    }

    /**
     * Appends rows {@code rows[off..off+len)} of {@code src} (columns in schema order). Returns the
     * growth of {@link #memoryBytes()}.
     */
    public long insert(Block src, int[] rows, int off, int len) {
        ColumnVector[] dst = data.vectors();
        for (int c = 0; c < dst.length; c++) {
            dst[c].appendRows(src.vector(c), rows, off, len);
        }
        long now = accounted();
        long delta = now - memoryBytes;
        memoryBytes = now;
        return delta;
    }

    /** Appends rows {@code [start, start+len)} of {@code src}. Returns the memory growth. */
    public long insertRange(Block src, int start, int len) {
        ColumnVector[] dst = data.vectors();
        for (int c = 0; c < dst.length; c++) {
            dst[c].appendRange(src.vector(c), start, len);
        }
        long now = accounted();
        long delta = now - memoryBytes;
        memoryBytes = now;
        return delta;
    }

    /** Bytes charged to the memory budget (see {@link #accounted()}). */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Raw value bytes appended (the memtable-size threshold compares against this). */
    public long dataBytes() {
        return data.dataBytes();
    }

    public int rows() {
        return data.vectors().length == 0 ? 0 : data.vector(0).size();
    }

    public boolean isEmpty() {
        return rows() == 0;
    }

    /**
     * The rows sorted by key, merged per the data model. Ends the memtable's life: the result may
     * be its own buffer (rows that arrived in key order are not copied), so nothing may be appended
     * afterwards.
     */
    public Block toSortedBlock() {
        return RowMerger.sortAndMerge(schema, data, schema.keysType() != KeysType.DUP_KEYS, true);
    }
}
