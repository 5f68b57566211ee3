package io.strata.connector;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.block.Values;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.types.RowKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts Flink {@link RowData} (the SQL/Table internal format) into block rows.
 *
 * <p>Columns are matched by name (case-insensitive). Every schema column must be a field of the row
 * type except nullable columns (written NULL) and the hidden delete sign. Type mapping: BOOLEAN,
 * TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE to the same Doris type (integers also to any wider
 * or narrower integer column, range-checked), DECIMAL(p,s) to DECIMAL32/64/128I (rescaled half-up,
 * precision-checked), DATE to DATEV2, TIMESTAMP(p) to DATETIMEV2(s) (truncated to s digits),
 * CHAR/VARCHAR/STRING to CHAR/VARCHAR/STRING (UTF-8 byte length checked). Unsupported combinations
 * fail at construction naming the column.
 *
 * <p>Row kinds: +I and +U insert; for UNIQUE_KEYS tables -U and -D write the row with {@code
 * __DORIS_DELETE_SIGN__ = 1} (NULLs in NOT NULL value columns of a delete are written as zero /
 * empty, since Flink may send key-only deletes). DUP_KEYS and AGG_KEYS tables reject -U, -D and +U
 * unless {@code sink.ignore-delete=true}, which drops -U/-D and inserts +U.
 *
 * <p>Per record: one type-specialised writer per column chosen at {@link #open}, reading the field
 * straight into the column's primitive array (dates and timestamps are converted with integer
 * arithmetic, no {@code java.time} objects).
 */
public final class RowDataConverter implements RecordConverter<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private transient FieldWriter[] writers;
    private transient int deleteSignIndex;
    private transient KeysType keysType;
    private transient boolean ignoreDelete;

    /**
     * @param rowType the Flink row type of incoming records
     * @param schema the table schema to validate against now (the table's stored schema is bound
     *     again at {@link #open})
     */
    public RowDataConverter(RowType rowType, TabletSchema schema) {
        this.rowType = rowType;
        bind(schema, false); // fail fast at job construction time
    }

    /** The Flink row type this converter reads. */
    public RowType rowType() {
        return rowType;
    }

    @Override
    public void open(TabletSchema schema, StrataSinkOptions options) {
        bind(schema, options.ignoreDelete());
    }

    private void bind(TabletSchema schema, boolean ignoreDelete) {
        List<String> names = rowType.getFieldNames();
        FieldWriter[] w = new FieldWriter[schema.numColumns()];
        for (int c = 0; c < w.length; c++) {
            Column col = schema.column(c);
            if (col.isDeleteSign()) {
                continue;
            }
            int pos = -1;
            for (int f = 0; f < names.size(); f++) {
                if (names.get(f).equalsIgnoreCase(col.name())) {
                    pos = f;
                    break;
                }
            }
            if (pos < 0) {
                if (!col.nullable()) {
                    throw new IllegalArgumentException(
                            "column '"
                                    + col.name()
                                    + "' is NOT NULL but the Flink row type "
                                    + rowType
                                    + " has no such field");
                }
                w[c] = new MissingWriter(col);
            } else {
                w[c] = writerFor(col, pos, rowType.getTypeAt(pos));
            }
        }
        for (String n : names) {
            if (schema.indexOf(n) < 0) {
                throw new IllegalArgumentException(
                        "field '" + n + "' of the Flink row type has no column in the table");
            }
        }
        this.writers = w;
        this.deleteSignIndex = schema.deleteSignIndex();
        this.keysType = schema.keysType();
        this.ignoreDelete = ignoreDelete;
    }

    @Override
    public boolean append(RowData row, Block block) throws BadRecordException {
        int d = deleteFlag(row);
        if (d < 0) {
            return false;
        }
        boolean delete = d == 1;
        FieldWriter[] w = writers;
        for (int c = 0; c < w.length; c++) {
            ColumnVector v = block.vector(c);
            if (c == deleteSignIndex) {
                ((ByteVector) v).append(delete ? (byte) 1 : (byte) 0);
            } else {
                w[c].write(row, v, delete);
            }
        }
        return true;
    }

    /** Converts only {@code columns} (the routing columns of the pre-write shuffle). */
    @Override
    public boolean appendColumns(RowData row, Block block, int[] columns)
            throws BadRecordException {
        int d = deleteFlag(row);
        if (d < 0) {
            return false;
        }
        for (int c : columns) {
            ColumnVector v = block.vector(c);
            if (c == deleteSignIndex) {
                ((ByteVector) v).append(d == 1 ? (byte) 1 : (byte) 0);
            } else {
                writers[c].write(row, v, d == 1);
            }
        }
        return true;
    }

    /** 1 for a delete, 0 for an insert, -1 for a row skipped on purpose; errors for the rest. */
    private int deleteFlag(RowData row) throws BadRecordException {
        return deleteFlag(row.getRowKind(), keysType, ignoreDelete, deleteSignIndex);
    }

    /**
     * What a row kind means for a table (shared by the converters): 1 delete (sets the delete
     * sign), 0 insert, -1 skipped on purpose ({@code sink.ignore-delete} on a DUP/AGG table);
     * throws naming the kind when the table cannot take it.
     */
    static int deleteFlag(
            RowKind kind, KeysType keysType, boolean ignoreDelete, int deleteSignIndex)
            throws BadRecordException {
        boolean delete = kind == RowKind.UPDATE_BEFORE || kind == RowKind.DELETE;
        if (kind != RowKind.INSERT && keysType != KeysType.UNIQUE_KEYS) {
            if (!ignoreDelete) {
                throw new BadRecordException(
                        null,
                        "row kind "
                                + kind.shortString()
                                + " cannot be written to a "
                                + keysType
                                + " table; set "
                                + StrataSinkOptions.IGNORE_DELETE
                                + "=true to drop deletes and insert updates");
            }
            if (delete) {
                return -1;
            }
        }
        if (delete && deleteSignIndex < 0) {
            throw new BadRecordException(
                    null,
                    "row kind "
                            + kind.shortString()
                            + " needs the hidden column "
                            + Column.DELETE_SIGN
                            + ", which the table lacks");
        }
        return delete ? 1 : 0;
    }

    // ---- writers -----------------------------------------------------------------------------

    private static FieldWriter writerFor(Column col, int pos, LogicalType ft) {
        FieldType t = col.fieldType();
        LogicalTypeRoot root = ft.getTypeRoot();
        switch (root) {
            case BOOLEAN:
                if (t == FieldType.BOOLEAN) {
                    return new FieldWriter(col, pos) {
                        @Override
                        void writeValue(RowData r, ColumnVector v) {
                            ((ByteVector) v).append(r.getBoolean(pos) ? (byte) 1 : (byte) 0);
                        }
                    };
                }
                break;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                if (t.isInteger() && t != FieldType.BOOLEAN) {
                    return integral(col, pos, root);
                }
                if (t.isDecimal()) {
                    return new IntegralToDecimal(col, pos, root);
                }
                break;
            case FLOAT:
                if (t == FieldType.FLOAT) {
                    return new FieldWriter(col, pos) {
                        @Override
                        void writeValue(RowData r, ColumnVector v) {
                            ((FloatVector) v).append(r.getFloat(pos));
                        }
                    };
                }
                if (t == FieldType.DOUBLE) {
                    return new FieldWriter(col, pos) {
                        @Override
                        void writeValue(RowData r, ColumnVector v) {
                            ((DoubleVector) v).append(r.getFloat(pos));
                        }
                    };
                }
                break;
            case DOUBLE:
                if (t == FieldType.DOUBLE) {
                    return new FieldWriter(col, pos) {
                        @Override
                        void writeValue(RowData r, ColumnVector v) {
                            ((DoubleVector) v).append(r.getDouble(pos));
                        }
                    };
                }
                break;
            case DECIMAL:
                if (t.isDecimal()) {
                    DecimalType dt = (DecimalType) ft;
                    return new DecimalWriter(col, pos, dt.getPrecision(), dt.getScale());
                }
                break;
            case DATE:
                if (t == FieldType.DATEV2) {
                    return new FieldWriter(col, pos) {
                        @Override
                        void writeValue(RowData r, ColumnVector v) throws BadRecordException {
                            ((IntVector) v).append(dateV2(col, r.getInt(pos)));
                        }
                    };
                }
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                if (t == FieldType.DATETIMEV2) {
                    return new TimestampWriter(col, pos, ((TimestampType) ft).getPrecision());
                }
                break;
            case CHAR:
            case VARCHAR:
                if (t.isString()) {
                    return new StringWriter(col, pos);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(
                "column '"
                        + col.name()
                        + "': Flink type "
                        + ft
                        + " cannot be written to a "
                        + col.type()
                        + " column");
    }

    /** Reads one field into one column; handles NULL, subclasses handle values. */
    abstract static class FieldWriter {
        final Column col;
        final int pos;

        FieldWriter(Column col, int pos) {
            this.col = col;
            this.pos = pos;
        }

        void write(RowData r, ColumnVector v, boolean delete) throws BadRecordException {
            if (r.isNullAt(pos)) {
                if (col.nullable()) {
                    v.appendNull();
                } else if (delete && !col.isKey()) {
                    appendZero(col, v);
                } else {
                    throw new BadRecordException(
                            col.name(),
                            "column '" + col.name() + "' is NOT NULL but the value is NULL");
                }
                return;
            }
            writeValue(r, v);
        }

        abstract void writeValue(RowData r, ColumnVector v) throws BadRecordException;

        BadRecordException bad(Object value, String why) {
            return new BadRecordException(
                    col.name(),
                    "column '" + col.name() + "' (" + col.type() + "): value " + value + " " + why);
        }
    }

    /** A nullable column the row type lacks: always NULL. */
    static final class MissingWriter extends FieldWriter {
        MissingWriter(Column col) {
            super(col, -1);
        }

        @Override
        void write(RowData r, ColumnVector v, boolean delete) {
            v.appendNull();
        }

        @Override
        void writeValue(RowData r, ColumnVector v) {
            v.appendNull();
        }
    }

    /**
     * Appends a zero / empty value (placeholder for NULLs in NOT NULL value columns of key-only
     * deletes; readers drop delete rows). Dates use 0001-01-01, a valid DATEV2/DATETIMEV2.
     */
    static void appendZero(Column col, ColumnVector v) {
        if (col.fieldType() == FieldType.DATEV2) {
            ((IntVector) v).append(Values.encodeDateV2(1, 1, 1));
        } else if (col.fieldType() == FieldType.DATETIMEV2) {
            ((LongVector) v)
                    .append(Values.encodeDateTimeV2(java.time.LocalDateTime.of(1, 1, 1, 0, 0)));
        } else if (v instanceof ByteVector) {
            ((ByteVector) v).append((byte) 0);
        } else if (v instanceof ShortVector) {
            ((ShortVector) v).append((short) 0);
        } else if (v instanceof IntVector) {
            ((IntVector) v).append(0);
        } else if (v instanceof LongVector) {
            ((LongVector) v).append(0L);
        } else if (v instanceof Int128Vector) {
            ((Int128Vector) v).append(0L, 0L);
        } else if (v instanceof FloatVector) {
            ((FloatVector) v).append(0f);
        } else if (v instanceof DoubleVector) {
            ((DoubleVector) v).append(0d);
        } else if (v instanceof BytesVector) {
            ((BytesVector) v).append(new byte[0], 0, 0);
        } else {
            throw new IllegalStateException("unknown vector " + v.getClass());
        }
    }

    static long readIntegral(RowData r, int pos, LogicalTypeRoot root) {
        switch (root) {
            case TINYINT:
                return r.getByte(pos);
            case SMALLINT:
                return r.getShort(pos);
            case INTEGER:
                return r.getInt(pos);
            default:
                return r.getLong(pos);
        }
    }

    private static FieldWriter integral(Column col, int pos, LogicalTypeRoot root) {
        FieldType t = col.fieldType();
        // Exact matches: no range check needed.
        if (t == FieldType.TINYINT && root == LogicalTypeRoot.TINYINT) {
            return new FieldWriter(col, pos) {
                @Override
                void writeValue(RowData r, ColumnVector v) {
                    ((ByteVector) v).append(r.getByte(pos));
                }
            };
        }
        if (t == FieldType.SMALLINT && root == LogicalTypeRoot.SMALLINT) {
            return new FieldWriter(col, pos) {
                @Override
                void writeValue(RowData r, ColumnVector v) {
                    ((ShortVector) v).append(r.getShort(pos));
                }
            };
        }
        if (t == FieldType.INT && root == LogicalTypeRoot.INTEGER) {
            return new FieldWriter(col, pos) {
                @Override
                void writeValue(RowData r, ColumnVector v) {
                    ((IntVector) v).append(r.getInt(pos));
                }
            };
        }
        if (t == FieldType.BIGINT && root == LogicalTypeRoot.BIGINT) {
            return new FieldWriter(col, pos) {
                @Override
                void writeValue(RowData r, ColumnVector v) {
                    ((LongVector) v).append(r.getLong(pos));
                }
            };
        }
        return new FieldWriter(col, pos) {
            @Override
            void writeValue(RowData r, ColumnVector v) throws BadRecordException {
                long x = readIntegral(r, pos, root);
                switch (t) {
                    case TINYINT:
                        if (x < Byte.MIN_VALUE || x > Byte.MAX_VALUE) {
                            throw bad(x, "is out of range");
                        }
                        ((ByteVector) v).append((byte) x);
                        return;
                    case SMALLINT:
                        if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
                            throw bad(x, "is out of range");
                        }
                        ((ShortVector) v).append((short) x);
                        return;
                    case INT:
                        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                            throw bad(x, "is out of range");
                        }
                        ((IntVector) v).append((int) x);
                        return;
                    case BIGINT:
                        ((LongVector) v).append(x);
                        return;
                    case LARGEINT:
                        ((Int128Vector) v).append(x >> 63, x);
                        return;
                    default:
                        throw new IllegalStateException("not an integer column: " + t);
                }
            }
        };
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Appends an unscaled decimal (already at the column scale) after a precision check. */
    static void appendUnscaled(FieldWriter w, ColumnVector v, long u, Object shown)
            throws BadRecordException {
        DataType t = w.col.type();
        if (t.precision() < 19 && (u >= POW10[t.precision()] || u <= -POW10[t.precision()])) {
            throw w.bad(shown, "overflows " + t);
        }
        switch (t.fieldType()) {
            case DECIMAL32:
                ((IntVector) v).append((int) u);
                return;
            case DECIMAL64:
                ((LongVector) v).append(u);
                return;
            default:
                ((Int128Vector) v).append(u >> 63, u);
        }
    }

    static void appendUnscaled(FieldWriter w, ColumnVector v, BigDecimal value)
            throws BadRecordException {
        DataType t = w.col.type();
        BigInteger u;
        try {
            u = Values.unscaled(t, value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw w.bad(value.toPlainString(), "overflows " + t);
        }
        if (u.bitLength() <= 63) {
            appendUnscaled(w, v, u.longValue(), value.toPlainString());
        } else if (t.fieldType() == FieldType.DECIMAL128I && Int128Vector.fits(u)) {
            ((Int128Vector) v).append(u);
        } else {
            throw w.bad(value.toPlainString(), "overflows " + t);
        }
    }

    static final class DecimalWriter extends FieldWriter {
        private final int precision;
        private final int scale;
        private final boolean sameScale;

        DecimalWriter(Column col, int pos, int precision, int scale) {
            super(col, pos);
            this.precision = precision;
            this.scale = scale;
            this.sameScale = scale == col.type().scale();
        }

        @Override
        void writeValue(RowData r, ColumnVector v) throws BadRecordException {
            DecimalData d = r.getDecimal(pos, precision, scale);
            if (sameScale && d.isCompact()) {
                long u = d.toUnscaledLong();
                appendUnscaled(this, v, u, d);
            } else {
                appendUnscaled(this, v, d.toBigDecimal());
            }
        }
    }

    static final class IntegralToDecimal extends FieldWriter {
        private final LogicalTypeRoot root;

        IntegralToDecimal(Column col, int pos, LogicalTypeRoot root) {
            super(col, pos);
            this.root = root;
        }

        @Override
        void writeValue(RowData r, ColumnVector v) throws BadRecordException {
            appendUnscaled(this, v, BigDecimal.valueOf(readIntegral(r, pos, root)));
        }
    }

    static final class StringWriter extends FieldWriter {
        private final int maxBytes;
        private byte[] scratch = new byte[64];

        StringWriter(Column col, int pos) {
            super(col, pos);
            this.maxBytes = col.type().length();
        }

        @Override
        void writeValue(RowData r, ColumnVector v) throws BadRecordException {
            StringData s = r.getString(pos);
            if (s instanceof BinaryStringData) {
                // Copy the UTF-8 bytes straight out of Flink's memory segments through a reused
                // buffer: no byte[] per value.
                BinaryStringData bs = (BinaryStringData) s;
                bs.ensureMaterialized();
                int len = bs.getSizeInBytes();
                if (len > maxBytes) {
                    throw tooLong(s, len);
                }
                org.apache.flink.core.memory.MemorySegment[] segs = bs.getSegments();
                if (segs.length == 1 && !segs[0].isOffHeap()) {
                    // The usual case (strings built from bytes, or within one heap segment): one
                    // arraycopy, instead of Unsafe's checked copy into the scratch and a second.
                    ((BytesVector) v).append(segs[0].getArray(), bs.getOffset(), len);
                    return;
                }
                if (scratch.length < len) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                BinarySegmentUtils.copyToBytes(segs, bs.getOffset(), scratch, 0, len);
                ((BytesVector) v).append(scratch, 0, len);
                return;
            }
            byte[] b = s.toBytes();
            if (b.length > maxBytes) {
                throw tooLong(s, b.length);
            }
            ((BytesVector) v).append(b, 0, b.length);
        }

        private BadRecordException tooLong(StringData s, int len) {
            String text = s.toString();
            return bad(
                    "'" + (text.length() > 64 ? text.substring(0, 61) + "..." : text) + "'",
                    "is " + len + " bytes, longer than " + col.type());
        }
    }

    static final class TimestampWriter extends FieldWriter {
        private final int precision;
        private final long unit; // microsecond truncation unit for the column scale

        TimestampWriter(Column col, int pos, int precision) {
            super(col, pos);
            this.precision = precision;
            this.unit = POW10[6 - col.type().scale()];
        }

        @Override
        void writeValue(RowData r, ColumnVector v) throws BadRecordException {
            TimestampData ts = r.getTimestamp(pos, precision);
            long millis = ts.getMillisecond();
            long day = Math.floorDiv(millis, 86_400_000L);
            long msOfDay = Math.floorMod(millis, 86_400_000L);
            long micros = (msOfDay % 1000) * 1000 + ts.getNanoOfMillisecond() / 1000;
            micros -= micros % unit;
            int date = dateV2(col, day);
            long secOfDay = msOfDay / 1000;
            long year = date >>> 9;
            long month = (date >>> 5) & 0xF;
            long dom = date & 0x1F;
            long packed =
                    (year << 46)
                            | (month << 42)
                            | (dom << 37)
                            | ((secOfDay / 3600) << 32)
                            | (((secOfDay / 60) % 60) << 26)
                            | ((secOfDay % 60) << 20)
                            | micros;
            ((LongVector) v).append(packed);
        }
    }

    /**
     * Epoch day to the DATEV2 bitfield (year<<9 | month<<5 | day), proleptic Gregorian, by integer
     * arithmetic (H. Hinnant's civil_from_days). Years outside 0..9999 are rejected as Doris does.
     */
    static int dateV2(Column col, long epochDay) throws BadRecordException {
        long z = epochDay + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        if (y < 0 || y > 9999) {
            throw new BadRecordException(
                    col.name(),
                    "column '"
                            + col.name()
                            + "' ("
                            + col.type()
                            + "): value "
                            + String.format(Locale.ROOT, "%d-%02d-%02d", y, m, d)
                            + " is outside 0000-01-01..9999-12-31");
        }
        return (int) ((y << 9) | (m << 5) | d);
    }

    /** Column names this converter fills from the row, in schema order (diagnostics). */
    List<String> mappedColumns() {
        List<String> out = new ArrayList<>();
        for (FieldWriter w : writers) {
            if (w != null && !(w instanceof MissingWriter)) {
                out.add(w.col.name());
            }
        }
        return out;
    }
}
