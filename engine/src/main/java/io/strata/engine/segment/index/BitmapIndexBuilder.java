package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;

import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the contents of a Doris bitmap index (reference §4.5) for one column of one segment: the
 * sorted distinct non-null values (dictionary) and one Roaring bitmap of row ids per value, plus a
 * trailing NULL bitmap when the column had a NULL. Values are keyed by their KeyCoder full
 * encoding, so the dictionary order is the value order. Not thread-safe.
 */
public final class BitmapIndexBuilder {
    private final DataType type;
    private final KeyBuffer scratch = new KeyBuffer(64);

    // distinct encoded keys, back to back in one arena
    private byte[] arena = new byte[1024];
    private int arenaLen;
    private int[] keyOffsets = new int[65];
    private long[] keyHashes = new long[64];
    private int numKeys;
    private int[] table = new int[128]; // open addressing: key index + 1, 0 = empty
    private final List<RoaringBitmap> bitmaps = new ArrayList<>();
    private final ColumnVector firstValues; // one physical value per key, in first-seen order
    private final RoaringBitmap nullBitmap = new RoaringBitmap();
    private int lastKey = -1;

    public BitmapIndexBuilder(DataType type) {
        this.type = type;
        this.firstValues = ColumnVector.create(type, 64);
    }

    public DataType type() {
        return type;
    }

    /** Adds rows {@code [start, start+n)} of v; row {@code start} has segment row id firstRowId. */
    public void add(ColumnVector v, int start, int n, int firstRowId) {
        for (int i = 0; i < n; i++) {
            int row = start + i;
            int rowId = firstRowId + i;
            if (v.isNull(row)) {
                nullBitmap.add(rowId);
                continue;
            }
            scratch.reset();
            KeyCoder.encodeFull(type, v, row, scratch);
            int k;
            if (lastKey >= 0
                    && Arrays.equals(
                            arena,
                            keyOffsets[lastKey],
                            keyOffsets[lastKey + 1],
                            scratch.array(),
                            0,
                            scratch.length())) {
                k = lastKey; // sorted or clustered input: skip hashing runs of one value
            } else {
                k = findOrInsert(scratch.array(), scratch.length(), v, row);
                lastKey = k;
            }
            bitmaps.get(k).add(rowId);
        }
    }

    private int findOrInsert(byte[] key, int len, ColumnVector v, int row) {
        long h = BloomFilter.murmur3x64_64(key, 0, len, 0);
        int mask = table.length - 1;
        int slot = (int) (h ^ (h >>> 32)) & mask;
        while (true) {
            int e = table[slot];
            if (e == 0) {
                break;
            }
            int k = e - 1;
            if (keyHashes[k] == h
                    && Arrays.equals(arena, keyOffsets[k], keyOffsets[k + 1], key, 0, len)) {
                return k;
            }
            slot = (slot + 1) & mask;
        }
        int k = numKeys++;
        if (k + 2 > keyOffsets.length) {
            keyOffsets = Arrays.copyOf(keyOffsets, keyOffsets.length * 2);
        }
        if (k >= keyHashes.length) {
            keyHashes = Arrays.copyOf(keyHashes, keyHashes.length * 2);
        }
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaLen + len, arena.length * 2));
        }
        System.arraycopy(key, 0, arena, arenaLen, len);
        keyOffsets[k] = arenaLen;
        arenaLen += len;
        keyOffsets[k + 1] = arenaLen;
        keyHashes[k] = h;
        table[slot] = k + 1;
        bitmaps.add(new RoaringBitmap());
        firstValues.appendRow(v, row);
        if (numKeys * 2 > table.length) {
            rehash();
        }
        return k;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int k = 0; k < numKeys; k++) {
            long h = keyHashes[k];
            int slot = (int) (h ^ (h >>> 32)) & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = k + 1;
        }
        table = t;
    }

    /** Number of distinct non-null values so far. */
    public int cardinality() {
        return numKeys;
    }

    /** Sorts the dictionary and returns the index contents. The builder must not be reused. */
    public Result finish() {
        Integer[] order = new Integer[numKeys];
        for (int i = 0; i < numKeys; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) ->
                        Arrays.compareUnsigned(
                                arena,
                                keyOffsets[a],
                                keyOffsets[a + 1],
                                arena,
                                keyOffsets[b],
                                keyOffsets[b + 1]));
        int[] rows = new int[numKeys];
        List<byte[]> keys = new ArrayList<>(numKeys);
        List<RoaringBitmap> sorted = new ArrayList<>(numKeys + 1);
        for (int i = 0; i < numKeys; i++) {
            int k = order[i];
            rows[i] = k;
            keys.add(Arrays.copyOfRange(arena, keyOffsets[k], keyOffsets[k + 1]));
            RoaringBitmap bm = bitmaps.get(k);
            bm.runOptimize();
            sorted.add(bm);
        }
        ColumnVector dict = firstValues.newEmpty(Math.max(numKeys, 1));
        dict.appendRows(firstValues, rows, 0, numKeys);
        boolean hasNull = !nullBitmap.isEmpty();
        if (hasNull) {
            nullBitmap.runOptimize();
            sorted.add(nullBitmap);
        }
        return new Result(dict, keys, sorted, hasNull);
    }

    /**
     * CRoaring {@code roaring_bitmap_serialize} (non-portable entry point) as Doris wrote bitmap
     * index entries: byte 1 + u32 cardinality + u32 ids (little-endian) when that is not larger,
     * else byte 2 + the standard portable Roaring serialization. Call {@code runOptimize} first to
     * match CRoaring's output.
     */
    public static byte[] serialize(RoaringBitmap bm) {
        long card = bm.getLongCardinality();
        int portable = bm.serializedSizeInBytes();
        long asArray = card * 4 + 4;
        if (portable < asArray) {
            byte[] out = new byte[1 + portable];
            out[0] = 2;
            ByteBuffer bb =
                    ByteBuffer.wrap(out, 1, portable).slice().order(ByteOrder.LITTLE_ENDIAN);
            bm.serialize(bb);
            return out;
        }
        ByteBuffer bb = ByteBuffer.allocate((int) (1 + asArray)).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 1);
        bb.putInt((int) card);
        bm.forEach((int x) -> bb.putInt(x));
        return bb.array();
    }

    /** Contents of a finished bitmap index. */
    public static final class Result {
        private final ColumnVector dictValues;
        private final List<byte[]> dictKeys;
        private final List<RoaringBitmap> bitmaps;
        private final boolean hasNull;

        Result(
                ColumnVector dictValues,
                List<byte[]> dictKeys,
                List<RoaringBitmap> bitmaps,
                boolean hasNull) {
            this.dictValues = dictValues;
            this.dictKeys = dictKeys;
            this.bitmaps = bitmaps;
            this.hasNull = hasNull;
        }

        /** Distinct non-null values in ascending order (physical vector of the column type). */
        public ColumnVector dictValues() {
            return dictValues;
        }

        /** KeyCoder full encodings of {@link #dictValues()}, ascending as unsigned bytes. */
        public List<byte[]> dictKeys() {
            return dictKeys;
        }

        /**
         * Bitmap i = row ids of dictionary value i; a last extra bitmap of NULL rows if hasNull.
         */
        public List<RoaringBitmap> bitmaps() {
            return bitmaps;
        }

        public boolean hasNull() {
            return hasNull;
        }

        /** Each bitmap serialized with {@link BitmapIndexBuilder#serialize}. */
        public List<byte[]> serializedBitmaps() {
            List<byte[]> out = new ArrayList<>(bitmaps.size());
            for (RoaringBitmap b : bitmaps) {
                out.add(serialize(b));
            }
            return out;
        }
    }
}
