package io.strata.connector;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts Flink {@link Row}s (external Java objects) into block rows, for DataStream users. Field
 * {@code i} of the row fills the {@code i}-th visible column of the schema (the hidden delete sign
 * is set from the row kind). Values use the engine's external representation ({@code Integer},
 * {@code Long}, {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime}, {@code String}, ...,
 * see {@code DataType}) and get the engine's range checks. Row kinds are handled as by {@link
 * RowDataConverter}. Convenient rather than fast: one boxed object per field.
 */
public final class RowConverter implements RecordConverter<Row> {
    private static final long serialVersionUID = 1L;

    private transient int[] columnOfField;
    private transient int[] fieldOfColumn;
    private transient List<Column> columns;
    private transient int deleteSignIndex;
    private transient KeysType keysType;
    private transient boolean ignoreDelete;

    /** Validates the schema now; the table's stored schema is bound at {@link #open}. */
    public RowConverter(TabletSchema schema) {
        bind(schema, false);
    }

    @Override
    public void open(TabletSchema schema, StrataSinkOptions options) {
        bind(schema, options.ignoreDelete());
    }

    private void bind(TabletSchema schema, boolean ignoreDelete) {
        List<Integer> visible = new ArrayList<>();
        for (int c = 0; c < schema.numColumns(); c++) {
            if (!schema.column(c).isDeleteSign()) {
                visible.add(c);
            }
        }
        this.columnOfField = visible.stream().mapToInt(Integer::intValue).toArray();
        this.fieldOfColumn = new int[schema.numColumns()];
        java.util.Arrays.fill(fieldOfColumn, -1);
        for (int f = 0; f < columnOfField.length; f++) {
            fieldOfColumn[columnOfField[f]] = f;
        }
        this.columns = schema.columns();
        this.deleteSignIndex = schema.deleteSignIndex();
        this.keysType = schema.keysType();
        this.ignoreDelete = ignoreDelete;
    }

    @Override
    public boolean append(Row row, Block block) throws BadRecordException {
        int d = deleteFlag(row);
        if (d < 0) {
            return false;
        }
        for (int f = 0; f < columnOfField.length; f++) {
            appendField(row, f, columnOfField[f], block, d == 1);
        }
        if (deleteSignIndex >= 0) {
            ((ByteVector) block.vector(deleteSignIndex)).append(d == 1 ? (byte) 1 : (byte) 0);
        }
        return true;
    }

    /** Converts only {@code columns} (the routing columns of the pre-write shuffle). */
    @Override
    public boolean appendColumns(Row row, Block block, int[] columns) throws BadRecordException {
        int d = deleteFlag(row);
        if (d < 0) {
            return false;
        }
        for (int c : columns) {
            if (c == deleteSignIndex) {
                ((ByteVector) block.vector(c)).append(d == 1 ? (byte) 1 : (byte) 0);
            } else {
                appendField(row, fieldOfColumn[c], c, block, d == 1);
            }
        }
        return true;
    }

    /** 1 for a delete, 0 for an insert, -1 for a row skipped on purpose; errors for the rest. */
    private int deleteFlag(Row row) throws BadRecordException {
        if (row.getArity() != columnOfField.length) {
            throw new BadRecordException(
                    null,
                    "row "
                            + row
                            + " has "
                            + row.getArity()
                            + " fields, the table has "
                            + columnOfField.length
                            + " columns");
        }
        return RowDataConverter.deleteFlag(row.getKind(), keysType, ignoreDelete, deleteSignIndex);
    }

    private void appendField(Row row, int f, int c, Block block, boolean delete)
            throws BadRecordException {
        Column col = columns.get(c);
        ColumnVector v = block.vector(c);
        Object o = row.getField(f);
        if (o == null) {
            if (col.nullable()) {
                v.appendNull();
            } else if (delete && !col.isKey()) {
                RowDataConverter.appendZero(col, v);
            } else {
                throw new BadRecordException(
                        col.name(),
                        "column '" + col.name() + "' is NOT NULL but the value is NULL");
            }
            return;
        }
        try {
            v.appendObject(col.type(), o);
        } catch (IllegalArgumentException | ClassCastException | ArithmeticException e) {
            throw new BadRecordException(
                    col.name(),
                    "column '"
                            + col.name()
                            + "' ("
                            + col.type()
                            + "): bad value "
                            + o
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
