package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.column.ColumnWriter;
import io.strata.engine.segment.column.IndexedColumnWriter;
import io.strata.engine.segment.column.PositionedOutput;
import io.strata.engine.segment.index.BloomFilterBuilder;
import io.strata.engine.segment.index.KeyBuffer;
import io.strata.engine.segment.index.KeyCoder;
import io.strata.engine.segment.index.KeyEncoding;
import io.strata.proto.segment.BloomFilterAlgorithmPB;
import io.strata.proto.segment.BloomFilterIndexPB;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnIndexTypePB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.HashStrategyPB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.PrimaryKeyIndexMetaPB;
import io.strata.proto.segment.SegmentFooterPB;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes one Doris segment V2 file from blocks whose rows are already in key order (a memtable
 * flush sorts first). Columns of every appended block are the schema's columns, in order.
 *
 * <p>CONTRACT (implemented by the segment work):
 *
 * <ul>
 *   <li>{@code new SegmentWriter(io, path, schema, options)} creates the file through {@code io}.
 *   <li>{@link #append(Block, int, int)} encodes rows; no per-row objects.
 *   <li>{@link #estimatedFileSize()} lets a caller cut segments at a maximum size.
 *   <li>{@link #finish()} writes index pages and the footer, closes the file, returns its {@link
 *       SegmentInfo}.
 *   <li>{@link #close()} without finish deletes the partial file.
 * </ul>
 *
 * <p>Layout (reference §1): per column its data pages then its dictionary page; then ordinal
 * indexes of all columns, zone maps, bitmap indexes, bloom filters, then the short-key page
 * (non-MoW) or the primary-key index (UNIQUE merge-on-write); then footer, length, CRC, magic.
 */
public final class SegmentWriter implements Closeable {
    public static final byte[] MAGIC = {'D', '0', 'R', '1'};

    /** Primary-key index page size (Doris {@code primary_key_data_page_size}). */
    public static final int PK_PAGE_SIZE = 32768;

    public static final double PK_BLOOM_FPP = 0.01;

    private final FileIO io;
    private final String path;
    private final TabletSchema schema;
    private final SegmentWriterOptions options;
    private final PositionedOutput out;
    private final ColumnWriter[] columns;
    private final int numKeys;
    private final Column[] keyColumns;
    private final DataType[] keyTypes;
    private final ColumnVector[] keyScratch;
    private final boolean mow;
    private final ShortKeyPage.Builder shortKeys;
    private final KeyBuffer kb = new KeyBuffer();
    private final BytesVector pkKeys;
    private byte[] minKey;
    private byte[] maxKey;
    private byte[] lastPk;
    private int numRows;
    private int[] pkKeyLens = new int[0];
    private boolean finished;
    private boolean closed;
    private boolean failed;

    public SegmentWriter(FileIO io, String path, TabletSchema schema, SegmentWriterOptions options)
            throws IOException {
        this.io = io;
        this.path = path;
        this.schema = schema;
        this.options = options;
        int n = schema.numColumns();
        this.columns = new ColumnWriter[n];
        CompressionTypePB codec = schema.compression();
        for (int i = 0; i < n; i++) {
            Column c = schema.column(i);
            boolean zone =
                    options.writeIndexes() && (c.isKey() || schema.keysType() != KeysType.AGG_KEYS);
            Column eff =
                    options.writeIndexes()
                            ? c
                            : c.toBuilder().bloomFilter(false).bitmapIndex(false).build();
            columns[i] =
                    new ColumnWriter(
                            i,
                            eff,
                            codec,
                            options.compressionLevel(),
                            options.dataPageSize(),
                            options.dictPageSize(),
                            zone,
                            schema.bloomFilterFpp(),
                            options.sizeOptimized());
        }
        this.numKeys = schema.numKeyColumns();
        this.keyColumns = new Column[numKeys];
        this.keyTypes = new DataType[numKeys];
        for (int i = 0; i < numKeys; i++) {
            keyColumns[i] = schema.column(i);
            keyTypes[i] = keyColumns[i].type();
        }
        this.keyScratch = new ColumnVector[numKeys];
        this.mow = schema.mergeOnWrite();
        this.shortKeys = mow ? null : new ShortKeyPage.Builder();
        this.pkKeys = mow ? new BytesVector(1024, 1024 * 16) : null;
        this.out = new PositionedOutput(new BufferedOutputStream(io.create(path), 1 << 16));
    }

    public void append(Block block) throws IOException {
        append(block, 0, block.rowCount());
    }

    public void append(Block block, int start, int len) throws IOException {
        if (finished || closed) {
            throw new IllegalStateException("segment writer of " + path + " is finished");
        }
        if (block.numColumns() != columns.length) {
            throw new IllegalArgumentException(
                    "block has " + block.numColumns() + " columns, schema " + columns.length);
        }
        if (len == 0) {
            return;
        }
        if (failed) {
            throw new IllegalStateException("segment writer of " + path + " failed earlier");
        }
        // reject bad blocks before any state changes, so a rejected block leaves no trace
        for (int c = 0; c < columns.length; c++) {
            ColumnVector v = block.vector(c);
            Column col = schema.column(c);
            if (v.size() < start + len) {
                throw new IllegalArgumentException(
                        "column '"
                                + col.name()
                                + "' has "
                                + v.size()
                                + " rows, need "
                                + (start + len));
            }
            byte[] nm = v.nullMap();
            if (nm != null && !col.nullable()) {
                for (int i = start; i < start + len; i++) {
                    if (nm[i] != 0) {
                        throw new IllegalArgumentException(
                                "column '"
                                        + col.name()
                                        + "' is NOT NULL but row "
                                        + i
                                        + " of the block is NULL");
                    }
                }
            }
        }
        try {
            appendChecked(block, start, len);
        } catch (RuntimeException | IOException e) {
            failed = true;
            throw e;
        }
    }

    private void appendChecked(Block block, int start, int len) throws IOException {
        if ((long) numRows + len > Integer.MAX_VALUE) {
            throw new IllegalStateException("segment " + path + " would exceed 2^31 rows");
        }
        for (int i = 0; i < numKeys; i++) {
            keyScratch[i] = block.vector(i);
        }
        // key indexes first: they read rows of the block, the column writers copy nothing back
        if (numRows == 0) {
            kb.reset();
            KeyEncoding.encodeRowKey(keyScratch, keyTypes, start, numKeys, kb);
            minKey = kb.toByteArray();
        }
        if (shortKeys != null) {
            int interval = options.shortKeyInterval();
            int first = (int) (((long) numRows + interval - 1) / interval * interval) - numRows;
            for (int r = first; r < len; r += interval) {
                kb.reset();
                KeyEncoding.encodeShortKey(
                        keyScratch, keyColumns, start + r, schema.numShortKeyColumns(), kb);
                shortKeys.addEntry(kb.array(), kb.length());
            }
        }
        if (mow) {
            appendPrimaryKeys(block, start, len);
        }
        kb.reset();
        KeyEncoding.encodeRowKey(keyScratch, keyTypes, start + len - 1, numKeys, kb);
        maxKey = kb.toByteArray();
        for (int c = 0; c < columns.length; c++) {
            ColumnVector v = block.vector(c);
            if (v.size() < start + len) {
                throw new IllegalArgumentException(
                        "column '"
                                + schema.column(c).name()
                                + "' has "
                                + v.size()
                                + " rows, need "
                                + (start + len));
            }
            columns[c].append(v, start, len);
        }
        numRows += len;
    }

    private void appendPrimaryKeys(Block block, int start, int len) {
        int seq = schema.sequenceColumnIndex();
        for (int r = start; r < start + len; r++) {
            kb.reset();
            KeyEncoding.encodeRowKey(keyScratch, keyTypes, r, numKeys, kb);
            int keyLen = kb.length();
            if (lastPk != null
                    && Arrays.compareUnsigned(lastPk, 0, lastPk.length, kb.array(), 0, keyLen)
                            >= 0) {
                throw new IllegalArgumentException(
                        "merge-on-write segment "
                                + path
                                + ": keys must be unique and ascending; row "
                                + (numRows + r - start)
                                + " repeats or precedes the previous key");
            }
            lastPk = Arrays.copyOf(kb.array(), keyLen);
            int k = pkKeys.size();
            if (k == pkKeyLens.length) {
                pkKeyLens = Arrays.copyOf(pkKeyLens, Math.max(1024, k * 2));
            }
            pkKeyLens[k] = keyLen;
            if (seq >= 0) {
                ColumnVector sv = block.vector(seq);
                DataType st = schema.column(seq).type();
                if (sv.isNull(r)) {
                    kb.append(KeyEncoding.NULL_FIRST);
                    kb.appendRepeated((byte) 0, st.storageLength());
                } else {
                    kb.append(KeyEncoding.NORMAL);
                    KeyCoder.encodeFull(st, sv, r, kb);
                }
            }
            pkKeys.append(kb.array(), 0, kb.length());
        }
    }

    public int numRows() {
        return numRows;
    }

    public long estimatedFileSize() {
        long s = 0;
        for (ColumnWriter c : columns) {
            s += c.estimatedSize();
        }
        if (pkKeys != null) {
            s += pkKeys.dataBytes() / 2;
        }
        return s + 1024L * columns.length;
    }

    public SegmentInfo finish() throws IOException {
        if (finished || closed) {
            throw new IllegalStateException("segment writer of " + path + " is finished");
        }
        if (failed) {
            throw new IllegalStateException("segment writer of " + path + " failed earlier");
        }
        finished = true;
        boolean ok = false;
        try {
            SegmentInfo info = doFinish();
            ok = true;
            return info;
        } finally {
            if (!ok) {
                closeQuietlyAndDelete();
            }
        }
    }

    private SegmentInfo doFinish() throws IOException {
        int n = columns.length;
        long raw = 0;
        for (ColumnWriter c : columns) {
            c.writeData(out);
            raw += c.rawBytes();
            c.release();
        }
        long dataEnd = out.position();
        List<List<ColumnIndexMetaPB>> idx = new ArrayList<>(n);
        for (ColumnWriter c : columns) {
            List<ColumnIndexMetaPB> l = new ArrayList<>(4);
            l.add(c.writeOrdinalIndex(out));
            idx.add(l);
        }
        for (int i = 0; i < n; i++) {
            if (columns[i].hasZoneMap()) {
                idx.get(i).add(columns[i].writeZoneMap(out));
            }
        }
        for (int i = 0; i < n; i++) {
            if (columns[i].hasBitmapIndex()) {
                idx.get(i).add(columns[i].writeBitmapIndex(out));
            }
        }
        for (int i = 0; i < n; i++) {
            if (columns[i].hasBloomFilter()) {
                idx.get(i).add(columns[i].writeBloomFilter(out));
            }
        }
        SegmentFooterPB.Builder footer = SegmentFooterPB.newBuilder().setVersion(1);
        for (int i = 0; i < n; i++) {
            footer.addColumns(columns[i].meta(idx.get(i)));
        }
        footer.setNumRows(numRows);
        if (mow) {
            footer.setPrimaryKeyIndexMeta(writePrimaryKeyIndex());
        } else {
            footer.setShortKeyIndexPage(
                    ShortKeyPage.write(
                            out,
                            shortKeys,
                            options.segmentId(),
                            numRows,
                            options.shortKeyInterval()));
        }
        long indexEnd = out.position();
        byte[] f = footer.build().toByteArray();
        out.write(f);
        byte[] trailer = new byte[12];
        putIntLE(trailer, 0, f.length);
        CRC32C crc = new CRC32C();
        crc.update(f, 0, f.length);
        putIntLE(trailer, 4, (int) crc.getValue());
        System.arraycopy(MAGIC, 0, trailer, 8, 4);
        out.write(trailer);
        long size = out.position();
        out.close();
        closed = true;
        return new SegmentInfo(
                path,
                numRows,
                size,
                dataEnd,
                size - dataEnd,
                raw,
                minKey == null ? new byte[0] : minKey,
                maxKey == null ? new byte[0] : maxKey);
    }

    private PrimaryKeyIndexMetaPB writePrimaryKeyIndex() throws IOException {
        IndexedColumnWriter w =
                new IndexedColumnWriter(
                        DataType.of(FieldType.VARCHAR),
                        FieldType.VARCHAR.id,
                        EncodingTypePB.PREFIX_ENCODING,
                        CompressionTypePB.ZSTD,
                        PK_PAGE_SIZE,
                        true,
                        true);
        w.add(pkKeys, 0, pkKeys.size());
        IndexedColumnMetaPB pk = w.finish(out);
        // one segment-wide bloom filter over the keys without the sequence suffix
        BloomFilterBuilder bf = new BloomFilterBuilder(PK_BLOOM_FPP);
        int[] off = pkKeys.offsets();
        byte[] data = pkKeys.data();
        byte[] min = null;
        byte[] max = null;
        for (int i = 0; i < pkKeys.size(); i++) {
            int len = pkKeyLens[i];
            bf.addBytes(data, off[i], len);
            if (i == 0) {
                min = Arrays.copyOfRange(data, off[i], off[i] + len);
            }
            if (i == pkKeys.size() - 1) {
                max = Arrays.copyOfRange(data, off[i], off[i] + len);
            }
        }
        IndexedColumnWriter bw =
                new IndexedColumnWriter(
                        DataType.string(),
                        FieldType.VARCHAR.id,
                        EncodingTypePB.PLAIN_ENCODING,
                        CompressionTypePB.NO_COMPRESSION,
                        IndexedColumnWriter.DEFAULT_PAGE_SIZE,
                        true,
                        false);
        ((BytesVector) bw.values()).append(bf.finishPage());
        IndexedColumnMetaPB bfMeta = bw.finish(out);
        PrimaryKeyIndexMetaPB.Builder m =
                PrimaryKeyIndexMetaPB.newBuilder()
                        .setPrimaryKeyIndex(pk)
                        .setBloomFilterIndex(
                                ColumnIndexMetaPB.newBuilder()
                                        .setType(ColumnIndexTypePB.BLOOM_FILTER_INDEX)
                                        .setBloomFilterIndex(
                                                BloomFilterIndexPB.newBuilder()
                                                        .setHashStrategy(
                                                                HashStrategyPB.HASH_MURMUR3_X64_64)
                                                        .setAlgorithm(
                                                                BloomFilterAlgorithmPB
                                                                        .BLOCK_BLOOM_FILTER)
                                                        .setBloomFilter(bfMeta)));
        if (min != null) {
            m.setMinKey(com.google.protobuf.ByteString.copyFrom(min));
            m.setMaxKey(com.google.protobuf.ByteString.copyFrom(max));
        }
        return m.build();
    }

    private static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private void closeQuietlyAndDelete() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is being discarded
        }
        closed = true;
        try {
            io.delete(path);
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (!finished) {
            closeQuietlyAndDelete();
        }
    }
}
