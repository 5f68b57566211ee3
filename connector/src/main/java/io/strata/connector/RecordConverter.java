package io.strata.connector;

import io.strata.engine.block.Block;
import io.strata.engine.schema.TabletSchema;

import java.io.Serializable;

/**
 * Turns user records into rows of an engine {@link Block}. One instance per writer subtask (and one
 * per routing operator); used from one thread.
 *
 * <p>Contract: {@link #open} is called once, before the first {@link #append}, with the table's
 * actual schema (the block columns are exactly {@code schema.columns()} in order, including the
 * hidden {@code __DORIS_DELETE_SIGN__} column when the schema has one) and the sink options. {@link
 * #append} appends exactly one value to every column vector and returns true, or appends nothing
 * and returns false (record skipped on purpose, e.g. a delete with {@code
 * sink.ignore-delete=true}). On bad input it throws {@link BadRecordException} naming the column
 * and value; it may then have appended to some vectors, and the caller discards the partial row.
 *
 * <p>Row kinds: a converter maps deletes to the delete sign of UNIQUE tables ({@code -U/-D} →
 * {@code __DORIS_DELETE_SIGN__ = 1}) and rejects them for DUP/AGG tables unless {@code
 * sink.ignore-delete} is set, see {@link RowDataConverter}.
 *
 * <p>Routing (the pre-write shuffle): the sink converts the record's routing columns into a one-row
 * block ({@link #appendColumns}) and computes partition and bucket with the engine's own routing
 * code, so the shuffle and the engine channel always agree.
 */
@FunctionalInterface
public interface RecordConverter<T> extends Serializable {

    /** Binds the converter to the table schema and sink options; default: nothing to do. */
    default void open(TabletSchema schema, StrataSinkOptions options) {}

    /**
     * Appends one record to the block. Returns false when the record is skipped on purpose.
     *
     * @throws BadRecordException naming column and value when the record cannot be stored
     */
    boolean append(T record, Block block) throws BadRecordException;

    /**
     * Appends one value to each of {@code columns} only (indexes into the schema), leaving the
     * other vectors alone; returns false when the record is skipped on purpose. The routing of the
     * pre-write shuffle calls it with the distribution and partition columns, so it converts a
     * record twice only in those columns. Default: {@link #append} (every column).
     */
    default boolean appendColumns(T record, Block block, int[] columns) throws BadRecordException {
        return append(record, block);
    }
}
