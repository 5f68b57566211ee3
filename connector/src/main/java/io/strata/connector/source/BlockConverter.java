package io.strata.connector.source;

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
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Converts engine {@link Block}s into Flink {@code RowData}, column by column: for each column one
 * typed loop over the vector's primitive array writes the Flink internal value into every row (no
 * per-row type dispatch). The inverse of the sink's {@code RowDataConverter}: BOOLEAN, TINYINT,
 * SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE (from DATEV2), TIMESTAMP (from DATETIMEV2),
 * CHAR/VARCHAR/STRING (UTF-8 copied out of the block, which the engine may reuse).
 */
public final class BlockConverter {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private BlockConverter() {}

    /** The Flink type a Strata column reads as. */
    public static LogicalType flinkType(Column c) {
        DataType t = c.type();
        boolean n = c.nullable();
        switch (t.fieldType()) {
            case BOOLEAN:
                return new BooleanType(n);
            case TINYINT:
                return new TinyIntType(n);
            case SMALLINT:
                return new SmallIntType(n);
            case INT:
                return new IntType(n);
            case BIGINT:
                return new BigIntType(n);
            case LARGEINT:
                return new DecimalType(n, 38, 0);
            case FLOAT:
                return new FloatType(n);
            case DOUBLE:
                return new DoubleType(n);
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                return new DecimalType(n, t.precision(), t.scale());
            case DATEV2:
                return new DateType(n);
            case DATETIMEV2:
                return new TimestampType(n, t.scale());
            case CHAR:
                return new CharType(n, Math.max(1, Math.min(t.length(), CharType.MAX_LENGTH)));
            case VARCHAR:
                return new VarCharType(n, Math.max(1, t.length()));
            case STRING:
                return new VarCharType(n, VarCharType.MAX_LENGTH);
            default:
                throw new IllegalArgumentException(
                        "column '" + c.name() + "': type " + t + " has no Flink type");
        }
    }

    /**
     * Rows {@code [from, from + count)} of {@code b} as new {@link GenericRowData}s (arity = the
     * block's column count).
     */
    public static GenericRowData[] toRows(Block b, int from, int count) throws IOException {
        int width = b.numColumns();
        GenericRowData[] rows = new GenericRowData[count];
        for (int r = 0; r < count; r++) {
            rows[r] = new GenericRowData(width);
        }
        for (int c = 0; c < width; c++) {
            fill(b.columns().get(c), b.vector(c), rows, c, from, count);
        }
        return rows;
    }

    private static void fill(
            Column col, ColumnVector v, GenericRowData[] rows, int c, int from, int count)
            throws IOException {
        DataType t = col.type();
        switch (t.fieldType()) {
            case BOOLEAN:
                {
                    byte[] a = ((ByteVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r] != 0);
                    }
                    break;
                }
            case TINYINT:
                {
                    byte[] a = ((ByteVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case SMALLINT:
                {
                    short[] a = ((ShortVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case INT:
                {
                    int[] a = ((IntVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case BIGINT:
                {
                    long[] a = ((LongVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case FLOAT:
                {
                    float[] a = ((FloatVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case DOUBLE:
                {
                    double[] a = ((DoubleVector) v).values();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, a[from + r]);
                    }
                    break;
                }
            case DECIMAL32:
                {
                    int[] a = ((IntVector) v).values();
                    int p = t.precision();
                    int s = t.scale();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, DecimalData.fromUnscaledLong(a[from + r], p, s));
                    }
                    break;
                }
            case DECIMAL64:
                {
                    long[] a = ((LongVector) v).values();
                    int p = t.precision();
                    int s = t.scale();
                    for (int r = 0; r < count; r++) {
                        rows[r].setField(c, DecimalData.fromUnscaledLong(a[from + r], p, s));
                    }
                    break;
                }
            case DECIMAL128I:
            case LARGEINT:
                {
                    long[] hi = ((Int128Vector) v).hi();
                    long[] lo = ((Int128Vector) v).lo();
                    boolean large = t.fieldType() == io.strata.engine.schema.FieldType.LARGEINT;
                    int p = large ? 38 : t.precision();
                    int s = large ? 0 : t.scale();
                    for (int r = 0; r < count; r++) {
                        if (v.isNull(from + r)) {
                            continue;
                        }
                        BigInteger u = Int128Vector.toBigInteger(hi[from + r], lo[from + r]);
                        DecimalData d = DecimalData.fromBigDecimal(new BigDecimal(u, s), p, s);
                        if (d == null) {
                            throw new IOException(
                                    "column '"
                                            + col.name()
                                            + "': value "
                                            + u
                                            + " does not fit DECIMAL("
                                            + p
                                            + ", "
                                            + s
                                            + ")");
                        }
                        rows[r].setField(c, d);
                    }
                    break;
                }
            case DATEV2:
                {
                    int[] a = ((IntVector) v).values();
                    for (int r = 0; r < count; r++) {
                        int x = a[from + r];
                        rows[r].setField(c, (int) epochDay(x >>> 9, (x >>> 5) & 0xF, x & 0x1F));
                    }
                    break;
                }
            case DATETIMEV2:
                {
                    long[] a = ((LongVector) v).values();
                    for (int r = 0; r < count; r++) {
                        long x = a[from + r];
                        long day =
                                epochDay(
                                        (int) (x >>> 46),
                                        (int) ((x >>> 42) & 0xF),
                                        (int) ((x >>> 37) & 0x1F));
                        long micros =
                                day * MICROS_PER_DAY
                                        + ((x >>> 32) & 0x1F) * 3_600_000_000L
                                        + ((x >>> 26) & 0x3F) * 60_000_000L
                                        + ((x >>> 20) & 0x3F) * 1_000_000L
                                        + (x & 0xFFFFF);
                        rows[r].setField(
                                c,
                                TimestampData.fromEpochMillis(
                                        Math.floorDiv(micros, 1000),
                                        (int) Math.floorMod(micros, 1000) * 1000));
                    }
                    break;
                }
            case CHAR:
            case VARCHAR:
            case STRING:
                {
                    BytesVector bv = (BytesVector) v;
                    byte[] data = bv.data();
                    int[] off = bv.offsets();
                    for (int r = 0; r < count; r++) {
                        int i = from + r;
                        rows[r].setField(
                                c,
                                StringData.fromBytes(Arrays.copyOfRange(data, off[i], off[i + 1])));
                    }
                    break;
                }
            default:
                throw new IOException(
                        "column '" + col.name() + "': cannot read type " + t + " into Flink");
        }
        if (v.hasNulls()) {
            for (int r = 0; r < count; r++) {
                if (v.isNull(from + r)) {
                    rows[r].setField(c, null);
                }
            }
        }
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (same result as {@code LocalDate.of(y, m,
     * d).toEpochDay()}, without the object).
     */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long m = month;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
            if (!leap) {
                total--;
            }
        }
        return total - 719_528L;
    }
}
