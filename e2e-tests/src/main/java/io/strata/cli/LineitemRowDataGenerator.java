package io.strata.cli;

import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.data.RowData;

/**
 * The {@link LineitemGenerator} rows as Flink internal {@link RowData} of exactly {@link
 * LineitemGenerator#rowType()}, for a {@code DataGeneratorSource<RowData>} that feeds SQL without
 * any conversion. Row {@code i} carries the same values as {@code new LineitemGenerator(keys)
 * .map(i)}.
 */
public final class LineitemRowDataGenerator implements GeneratorFunction<Long, RowData> {
    private static final long serialVersionUID = 1L;
    private final LineitemGenerator lineitem;

    /** See {@link LineitemGenerator#LineitemGenerator(long)} for {@code keys}. */
    public LineitemRowDataGenerator(long keys) {
        this.lineitem = new LineitemGenerator(keys);
    }

    @Override
    public RowData map(Long index) {
        return lineitem.rowData(index);
    }
}
