package io.strata.engine.block;

import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of rows in columnar form (Doris {@code vectorized::Block}): one {@link ColumnVector} per
 * column, all of the same size. The unit the writer, memtables and readers exchange.
 */
public final class Block {
    private final List<Column> columns;
    private final ColumnVector[] vectors;

    public Block(List<Column> columns, ColumnVector[] vectors) {
        if (columns.size() != vectors.length) {
            throw new IllegalArgumentException("columns and vectors differ in count");
        }
        this.columns = List.copyOf(columns);
        this.vectors = vectors;
    }

    /** A new empty block for these columns. */
    public static Block create(List<Column> columns, int capacity) {
        ColumnVector[] v = new ColumnVector[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ColumnVector.create(columns.get(i).type(), capacity);
        }
        return new Block(columns, v);
    }

    public List<Column> columns() {
        return columns;
    }

    public int numColumns() {
        return vectors.length;
    }

    public ColumnVector vector(int i) {
        return vectors[i];
    }

    public ColumnVector[] vectors() {
        return vectors;
    }

    /** Row count; checks that every vector agrees. */
    public int rowCount() {
        if (vectors.length == 0) {
            return 0;
        }
        int n = vectors[0].size();
        for (ColumnVector v : vectors) {
            if (v.size() != n) {
                throw new IllegalStateException(
                        "vectors of a block differ in size: " + n + " vs " + v.size());
            }
        }
        return n;
    }

    /** Appends a row of external Java objects (see {@link DataType}). Not for hot paths. */
    public void appendRow(Object... values) {
        if (values.length != vectors.length) {
            throw new IllegalArgumentException(
                    "expected " + vectors.length + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            vectors[i].appendObject(columns.get(i).type(), values[i]);
        }
    }

    /** Row i as external Java objects. Not for hot paths. */
    public Object[] getRow(int i) {
        Object[] r = new Object[vectors.length];
        for (int c = 0; c < r.length; c++) {
            r[c] = vectors[c].getObject(columns.get(c).type(), i);
        }
        return r;
    }

    /** All rows as lists of external objects; for tests and tools. */
    public List<List<Object>> toRows() {
        int n = rowCount();
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList(getRow(i)));
        }
        return rows;
    }

    public void reset() {
        for (ColumnVector v : vectors) {
            v.reset();
        }
    }

    public long memoryBytes() {
        long b = 0;
        for (ColumnVector v : vectors) {
            b += v.memoryBytes();
        }
        return b;
    }

    public long dataBytes() {
        long b = 0;
        for (ColumnVector v : vectors) {
            b += v.dataBytes();
        }
        return b;
    }
}
