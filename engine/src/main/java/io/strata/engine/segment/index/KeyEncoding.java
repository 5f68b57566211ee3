package io.strata.engine.segment.index;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import java.util.List;

/**
 * Row keys of Doris {@code util/key_util.h}: per key column a marker byte ({@link #NULL_FIRST} for
 * NULL, else {@link #NORMAL} followed by the column's KeyCoder encoding). Full row keys (every
 * encoding complete) are the segment min/max keys and primary-key index keys; short keys (strings
 * truncated to index_length) are short-key index entries. Byte order of keys is row order.
 */
public final class KeyEncoding {
    private KeyEncoding() {}

    /** Sorts before every key: pads a seek key that is shorter than the index key (lower bound). */
    public static final byte MINIMAL = 0x00;

    /** Marks a NULL column value (NULLs sort first). */
    public static final byte NULL_FIRST = 0x01;

    /** Precedes a non-null column value's encoding. */
    public static final byte NORMAL = 0x02;

    /** Pads an inclusive upper seek key on merge-on-write tables (sorts after any NORMAL value). */
    public static final byte NORMAL_NEXT = 0x03;

    /** Sorts after every key: pads an inclusive upper seek key. */
    public static final byte MAXIMAL = (byte) 0xFF;

    /** Full row key of the first {@code numColumns} columns of row {@code row}; appends to out. */
    public static void encodeRowKey(
            ColumnVector[] keyCols, DataType[] types, int row, int numColumns, KeyBuffer out) {
        for (int c = 0; c < numColumns; c++) {
            ColumnVector v = keyCols[c];
            if (v.isNull(row)) {
                out.append(NULL_FIRST);
            } else {
                out.append(NORMAL);
                KeyCoder.encodeFull(types[c], v, row, out);
            }
        }
    }

    /** Full row key of the first {@code numColumns} columns of a block row. */
    public static void encodeRowKey(Block b, int row, int numColumns, KeyBuffer out) {
        List<Column> cols = b.columns();
        for (int c = 0; c < numColumns; c++) {
            ColumnVector v = b.vector(c);
            if (v.isNull(row)) {
                out.append(NULL_FIRST);
            } else {
                out.append(NORMAL);
                KeyCoder.encodeFull(cols.get(c).type(), v, row, out);
            }
        }
    }

    /** Short-key index entry: short encodings of the first {@code numShortKeyColumns} columns. */
    public static void encodeShortKey(
            ColumnVector[] keyCols,
            Column[] columns,
            int row,
            int numShortKeyColumns,
            KeyBuffer out) {
        for (int c = 0; c < numShortKeyColumns; c++) {
            ColumnVector v = keyCols[c];
            if (v.isNull(row)) {
                out.append(NULL_FIRST);
            } else {
                out.append(NORMAL);
                Column col = columns[c];
                KeyCoder.encodeShort(col.type(), col, v, row, out);
            }
        }
    }

    /** Short-key index entry of a block row (the block's first columns are the key columns). */
    public static void encodeShortKey(Block b, int row, int numShortKeyColumns, KeyBuffer out) {
        List<Column> cols = b.columns();
        for (int c = 0; c < numShortKeyColumns; c++) {
            ColumnVector v = b.vector(c);
            if (v.isNull(row)) {
                out.append(NULL_FIRST);
            } else {
                out.append(NORMAL);
                Column col = cols.get(c);
                KeyCoder.encodeShort(col.type(), col, v, row, out);
            }
        }
    }

    /**
     * Predicate side: encodes a prefix of key literals (external Java values, {@code null} = NULL)
     * for range seeking, as Doris {@code encode_key_with_padding}. {@code literals.length} may be
     * smaller than {@code numKeyColumns}; then one padding marker follows: {@link #MINIMAL} when
     * {@code padMinimal} (a lower bound: sorts before every key with this prefix), else {@link
     * #MAXIMAL} (an upper bound: after every key with this prefix). {@code shortEncoding} selects
     * short encodings (seeking in the short-key index) or full encodings (primary-key index).
     *
     * <p>Unlike Doris, seek keys stay correct when VARCHAR/STRING values contain bytes 0x00–0x02: a
     * lower bound stops after such a column (padding {@link #MINIMAL}) when more literals follow,
     * and an upper bound is cut before the first byte below 0x03 of such a value.
     */
    public static void encodeSeekKey(
            Column[] keyColumns,
            Object[] literals,
            int numKeyColumns,
            boolean shortEncoding,
            boolean padMinimal,
            KeyBuffer out) {
        encodeSeekKey(
                keyColumns,
                literals,
                numKeyColumns,
                shortEncoding,
                padMinimal ? MINIMAL : MAXIMAL,
                out);
    }

    /**
     * As {@link #encodeSeekKey(Column[], Object[], int, boolean, boolean, KeyBuffer)} with an
     * explicit padding marker (e.g. {@link #NORMAL_NEXT} for merge-on-write upper bounds).
     */
    public static void encodeSeekKey(
            Column[] keyColumns,
            Object[] literals,
            int numKeyColumns,
            boolean shortEncoding,
            byte padMarker,
            KeyBuffer out) {
        int n = Math.min(literals.length, numKeyColumns);
        boolean upper = padMarker != MINIMAL;
        for (int c = 0; c < n; c++) {
            Object lit = literals[c];
            if (lit == null) {
                out.append(NULL_FIRST);
                continue;
            }
            out.append(NORMAL);
            Column col = keyColumns[c];
            int valueStart = out.length();
            try {
                if (shortEncoding) {
                    KeyCoder.encodeShort(col.type(), col.indexLength(), lit, out);
                } else {
                    KeyCoder.encodeFull(col.type(), lit, out);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "key column '" + col.name() + "': " + e.getMessage(), e);
            }
            FieldType ft = col.type().fieldType();
            boolean variableWidth = ft == FieldType.VARCHAR || ft == FieldType.STRING;
            if (!variableWidth || c == numKeyColumns - 1) {
                continue; // fixed width (CHAR is padded) or last column: self-delimiting
            }
            // VARCHAR/STRING encodings are not self-delimiting: a stored key continues with the
            // next column's marker (0x01/0x02) right after the value, so a row value that extends
            // the literal with bytes below a marker, or a shorter row value, could sort on the
            // wrong side of a seek key that continues past this column.
            if (!upper) {
                if (c < n - 1) {
                    out.append(MINIMAL); // drop later literals: still ≤ every row ≥ the literal
                    return;
                }
            } else {
                byte[] a = out.array();
                for (int j = valueStart; j < out.length(); j++) {
                    if ((a[j] & 0xFF) < NORMAL_NEXT) {
                        out.setLength(j); // cut before a byte a marker could exceed
                        out.append(padMarker);
                        return;
                    }
                }
            }
        }
        if (n < numKeyColumns) {
            out.append(padMarker);
        }
    }
}
