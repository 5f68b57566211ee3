package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/** Random values of every type for segment tests, with extremes, NaN/±Inf and odd strings. */
final class SegmentTestData {
    private SegmentTestData() {}

    static final List<DataType> ALL_TYPES =
            List.of(
                    DataType.of(FieldType.BOOLEAN),
                    DataType.of(FieldType.TINYINT),
                    DataType.of(FieldType.SMALLINT),
                    DataType.of(FieldType.INT),
                    DataType.of(FieldType.BIGINT),
                    DataType.of(FieldType.LARGEINT),
                    DataType.of(FieldType.FLOAT),
                    DataType.of(FieldType.DOUBLE),
                    DataType.charType(8),
                    DataType.varchar(300),
                    DataType.string(),
                    DataType.of(FieldType.DATEV2),
                    DataType.datetimeV2(6),
                    DataType.decimal(9, 2),
                    DataType.decimal(18, 4),
                    DataType.decimal(38, 10));

    /** A random non-null external value of the type; every ~10th value is an extreme. */
    static Object value(DataType t, Random r) {
        boolean extreme = r.nextInt(10) == 0;
        switch (t.fieldType()) {
            case BOOLEAN:
                return r.nextBoolean();
            case TINYINT:
                return extreme
                        ? (r.nextBoolean() ? Byte.MIN_VALUE : Byte.MAX_VALUE)
                        : (byte) r.nextInt();
            case SMALLINT:
                return extreme
                        ? (r.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE)
                        : (short) r.nextInt();
            case INT:
                return extreme
                        ? (r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : r.nextInt(1000) - 500;
            case BIGINT:
                return extreme ? (r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : r.nextLong();
            case LARGEINT:
                if (extreme) {
                    BigInteger m = BigInteger.ONE.shiftLeft(127);
                    return r.nextBoolean() ? m.negate() : m.subtract(BigInteger.ONE);
                }
                return new BigInteger(100, r).subtract(BigInteger.ONE.shiftLeft(99));
            case FLOAT:
                if (extreme) {
                    float[] s = {
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        -0.0f,
                        Float.MAX_VALUE,
                        Float.MIN_VALUE
                    };
                    return s[r.nextInt(s.length)];
                }
                return (r.nextFloat() - 0.5f) * 1000;
            case DOUBLE:
                if (extreme) {
                    double[] s = {
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        -0.0,
                        Double.MAX_VALUE,
                        Double.MIN_VALUE
                    };
                    return s[r.nextInt(s.length)];
                }
                return r.nextGaussian() * 1e6;
            case CHAR:
            case VARCHAR:
            case STRING:
                {
                    int max = Math.min(t.length(), 400);
                    int len =
                            extreme
                                    ? (r.nextBoolean() ? 0 : max)
                                    : r.nextInt(Math.min(max, 20) + 1);
                    if (t.fieldType() == FieldType.CHAR && len == 0) {
                        len = 1;
                    }
                    byte[] b = new byte[len];
                    for (int i = 0; i < len; i++) {
                        b[i] = (byte) ('a' + r.nextInt(r.nextInt(10) == 0 ? 26 : 4));
                    }
                    return new String(b, StandardCharsets.UTF_8);
                }
            case DATEV2:
                return extreme
                        ? (r.nextBoolean() ? LocalDate.of(1, 1, 1) : LocalDate.of(9999, 12, 31))
                        : LocalDate.of(1990 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
            case DATETIMEV2:
                return LocalDateTime.of(
                        1990 + r.nextInt(40),
                        1 + r.nextInt(12),
                        1 + r.nextInt(28),
                        r.nextInt(24),
                        r.nextInt(60),
                        r.nextInt(60),
                        r.nextInt(1_000_000) * 1000);
            case DECIMAL32:
            case DECIMAL64:
            case DECIMAL128I:
                {
                    BigInteger max = BigInteger.TEN.pow(t.precision()).subtract(BigInteger.ONE);
                    BigInteger u =
                            extreme
                                    ? (r.nextBoolean() ? max : max.negate())
                                    : BigInteger.valueOf(r.nextInt(2_000_000) - 1_000_000);
                    return new BigDecimal(u, t.scale());
                }
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    /** Fills a block with n rows; nullPercent of nullable columns' values are NULL. */
    static Block randomBlock(List<Column> cols, int n, int nullPercent, Random r) {
        Block b = Block.create(cols, n);
        for (int c = 0; c < cols.size(); c++) {
            Column col = cols.get(c);
            ColumnVector v = b.vector(c);
            for (int i = 0; i < n; i++) {
                if (col.nullable() && r.nextInt(100) < nullPercent) {
                    v.appendNull();
                } else {
                    v.appendObject(col.type(), value(col.type(), r));
                }
            }
        }
        return b;
    }

    /** Rows of a block sorted by the first key columns (stable), for writing. */
    static Block sortByKeys(Block b, int keys) {
        int n = b.rowCount();
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        ColumnVector[] v = b.vectors();
        java.util.Arrays.sort(
                perm,
                (x, y) -> {
                    for (int k = 0; k < keys; k++) {
                        int c = v[k].compare(x, v[k], y);
                        if (c != 0) {
                            return c;
                        }
                    }
                    return 0;
                });
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = perm[i];
        }
        Block out = Block.create(b.columns(), n);
        for (int c = 0; c < v.length; c++) {
            out.vector(c).appendRows(v[c], rows, 0, n);
        }
        return out;
    }

    static String str(BytesVector v, int i) {
        return v.getString(i);
    }
}
