package io.strata.engine.segment;

import io.strata.engine.io.FileIO;
import io.strata.engine.io.InputFile;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.engine.segment.column.SegmentFile;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.SegmentFooterPB;

import java.io.Closeable;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * Opens a segment V2 file, verifies its trailer (magic, footer length, CRC-32C) and serves scans.
 *
 * <p>CONTRACT (implemented by the segment work): {@link #open} throws {@link
 * CorruptSegmentException} on any bad byte; {@link #newIterator} prunes with zone maps, bloom
 * filters, bitmap and short-key indexes, then filters rows exactly; thread-safe for concurrent
 * iterators.
 *
 * <p>Open reads and checks the footer and every index (ordinal indexes, dictionaries, zone maps,
 * bloom filters, bitmap indexes, short-key page), each page under its CRC; data pages are read
 * lazily by iterators, only for the columns and rows a scan needs.
 */
public final class SegmentReader implements Closeable {
    private final InputFile in;
    private final SegmentFile file;
    private final SegmentFooterPB footer;
    private final TabletSchema schema;
    private final ColumnReader[] columns;
    private final ShortKeyPage.Index shortKeys;
    private final int numRows;

    private SegmentReader(
            InputFile in,
            SegmentFile file,
            SegmentFooterPB footer,
            TabletSchema schema,
            ColumnReader[] columns,
            ShortKeyPage.Index shortKeys) {
        this.in = in;
        this.file = file;
        this.footer = footer;
        this.schema = schema;
        this.columns = columns;
        this.shortKeys = shortKeys;
        this.numRows = footer.getNumRows();
    }

    public static SegmentReader open(FileIO io, String path, TabletSchema schema)
            throws IOException {
        InputFile in = io.open(path);
        boolean ok = false;
        try {
            SegmentReader r = open(in, path, schema);
            ok = true;
            return r;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    /**
     * Opens a segment without a schema (tools): the schema is rebuilt from the footer's column
     * metas, named {@code c<column_id>}, DUP_KEYS with the first column as key.
     */
    public static SegmentReader open(FileIO io, String path) throws IOException {
        return open(io, path, null);
    }

    private static SegmentReader open(InputFile in, String path, TabletSchema schema)
            throws IOException {
        long len = in.length();
        if (len < 12) {
            throw new CorruptSegmentException(
                    path, 0, "file of " + len + " bytes is shorter than the 12-byte trailer");
        }
        byte[] trailer = new byte[12];
        in.readFully(len - 12, trailer, 0, 12);
        for (int i = 0; i < 4; i++) {
            if (trailer[8 + i] != SegmentWriter.MAGIC[i]) {
                throw new CorruptSegmentException(
                        path, len - 4, "bad magic, not a segment V2 file");
            }
        }
        long footerLen = getIntLE(trailer, 0) & 0xFFFFFFFFL;
        int crc = getIntLE(trailer, 4);
        if (footerLen > len - 12) {
            throw new CorruptSegmentException(
                    path,
                    len - 12,
                    "footer length " + footerLen + " exceeds file size " + len + " − 12");
        }
        long footerStart = len - 12 - footerLen;
        byte[] fb = new byte[(int) footerLen];
        in.readFully(footerStart, fb, 0, fb.length);
        CRC32C c = new CRC32C();
        c.update(fb, 0, fb.length);
        if ((int) c.getValue() != crc) {
            throw new CorruptSegmentException(path, footerStart, "footer checksum mismatch");
        }
        SegmentFooterPB footer;
        try {
            footer = SegmentFooterPB.parseFrom(fb);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new CorruptSegmentException(path, footerStart, "footer does not parse", e);
        }
        if (footer.getVersion() != 1) {
            throw new CorruptSegmentException(
                    path, footerStart, "unsupported footer version " + footer.getVersion());
        }
        if (footer.getNumRows() < 0) {
            throw new CorruptSegmentException(
                    path,
                    footerStart,
                    "row count "
                            + Integer.toUnsignedString(footer.getNumRows())
                            + " exceeds 2^31 − 1");
        }
        if (schema == null) {
            schema = schemaFromFooter(footer, path, footerStart);
        }
        SegmentFile file = new SegmentFile(in, path, footerStart);
        // Columns are matched by unique id, as Doris does, so a segment written before a light
        // schema change (added or dropped value columns) reads with the newer schema.
        java.util.Map<Integer, Integer> byUid = new java.util.HashMap<>();
        for (int k = 0; k < footer.getColumnsCount(); k++) {
            byUid.putIfAbsent(footer.getColumns(k).getUniqueId(), k);
        }
        ColumnReader[] cols = new ColumnReader[schema.numColumns()];
        for (int i = 0; i < cols.length; i++) {
            Column col = schema.column(i);
            Integer k = byUid.get(col.uniqueId());
            if (k == null) {
                if (!col.nullable()) {
                    throw new CorruptSegmentException(
                            path,
                            footerStart,
                            "column "
                                    + col.name()
                                    + " (unique id "
                                    + col.uniqueId()
                                    + ") is NOT NULL but absent from the segment, and has no default");
                }
                continue; // added after this segment was written: reads as NULL
            }
            ColumnMetaPB m = footer.getColumns(k);
            if (m.getType() != col.fieldType().id) {
                throw new CorruptSegmentException(
                        path,
                        footerStart,
                        "column "
                                + col.name()
                                + ": footer type "
                                + m.getType()
                                + ", schema "
                                + col.type());
            }
            if (m.getIsNullable() && !col.nullable()) {
                throw new CorruptSegmentException(
                        path,
                        footerStart,
                        "column "
                                + col.name()
                                + " is nullable in the file, NOT NULL in the schema");
            }
            cols[i] = ColumnReader.open(file, col, m, footer.getNumRows());
        }
        ShortKeyPage.Index sk = null;
        if (footer.hasShortKeyIndexPage()) {
            sk = ShortKeyPage.read(file, footer.getShortKeyIndexPage(), footer.getNumRows());
        } else if (!footer.hasPrimaryKeyIndexMeta()) {
            throw new CorruptSegmentException(
                    path, footerStart, "footer has neither short-key nor primary-key index");
        } else {
            PrimaryKeyIndexIO.check(file, footer.getPrimaryKeyIndexMeta(), footer.getNumRows());
        }
        return new SegmentReader(in, file, footer, schema, cols, sk);
    }

    static TabletSchema schemaFromFooter(SegmentFooterPB footer, String path, long at)
            throws CorruptSegmentException {
        TabletSchema.Builder b = TabletSchema.builder(KeysType.DUP_KEYS);
        for (int i = 0; i < footer.getColumnsCount(); i++) {
            ColumnMetaPB m = footer.getColumns(i);
            DataType t;
            try {
                t = typeOf(m);
            } catch (IllegalArgumentException e) {
                throw new CorruptSegmentException(
                        path, at, "column " + i + ": " + e.getMessage(), e);
            }
            boolean key =
                    i == 0 && t.fieldType() != FieldType.FLOAT && t.fieldType() != FieldType.DOUBLE;
            b.column(
                    Column.builder("c" + m.getColumnId(), t)
                            .uniqueId(m.getUniqueId())
                            .nullable(m.getIsNullable())
                            .key(key)
                            .build());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CorruptSegmentException(
                    path, at, "cannot rebuild a schema: " + e.getMessage(), e);
        }
    }

    /** The DataType a ColumnMetaPB describes (type id, length, precision, frac). */
    public static DataType typeOf(ColumnMetaPB m) {
        FieldType ft = FieldType.fromId(m.getType());
        switch (ft) {
            case CHAR:
                return DataType.charType(m.getLength());
            case VARCHAR:
                return DataType.varchar(m.getLength() - 2);
            case STRING:
                return DataType.string();
            case DATETIMEV2:
                return DataType.datetimeV2(m.getFrac());
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                return DataType.decimal(m.getPrecision(), m.getFrac());
            default:
                return DataType.of(ft);
        }
    }

    private static int getIntLE(byte[] b, int off) {
        return (b[off] & 0xFF)
                | (b[off + 1] & 0xFF) << 8
                | (b[off + 2] & 0xFF) << 16
                | (b[off + 3] & 0xFF) << 24;
    }

    public int numRows() {
        return numRows;
    }

    public SegmentFooterPB footer() {
        return footer;
    }

    public TabletSchema schema() {
        return schema;
    }

    public String path() {
        return file.path();
    }

    /** Per-column metadata and indexes (for tools and verification). */
    public ColumnReader column(int i) {
        return columns[i];
    }

    /** The decoded short-key index, or null for merge-on-write segments. */
    public ShortKeyPage.Index shortKeyIndex() {
        return shortKeys;
    }

    SegmentFile file() {
        return file;
    }

    public SegmentIterator newIterator(SegmentReadOptions options) throws IOException {
        return new SegmentScan(this, columns, shortKeys, options, 0, numRows);
    }

    /**
     * Like {@link #newIterator(SegmentReadOptions)} but only over rows {@code [fromRow, toRow)} of
     * the segment (clamped to the segment), e.g. to split one segment between readers.
     */
    public SegmentIterator newIterator(SegmentReadOptions options, long fromRow, long toRow)
            throws IOException {
        if (fromRow < 0 || toRow < fromRow) {
            throw new IllegalArgumentException("bad row range [" + fromRow + ", " + toRow + ")");
        }
        return new SegmentScan(
                this, columns, shortKeys, options, fromRow, Math.min(toRow, (long) numRows));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
