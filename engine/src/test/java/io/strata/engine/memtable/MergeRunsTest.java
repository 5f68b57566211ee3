package io.strata.engine.memtable;

import io.strata.engine.block.Block;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RowMerger#mergeRuns}: interleaving key-sorted runs gives a permutation in key order (NULL
 * first, then by the second key), equal keys in run order; checked against a plain Java sort of the
 * same rows.
 */
class MergeRunsTest {
    private static final TabletSchema SCHEMA =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(
                            Column.builder("a", DataType.of(FieldType.INT))
                                    .key(true)
                                    .nullable(true)
                                    .build())
                    .column(Column.builder("b", DataType.varchar(8)).key(true).build())
                    .column(Column.builder("tag", DataType.of(FieldType.INT)).build())
                    .build();

    private static final Comparator<Object[]> KEY =
            Comparator.<Object[], Integer>comparing(
                            r -> (Integer) r[0], Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(r -> (String) r[1]);

    @Test
    void interleavesSortedRunsInKeyOrderWithTiesInRunOrder() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 50; trial++) {
            int runs = 1 + rnd.nextInt(12);
            Block b = Block.create(SCHEMA.columns(), 64);
            int[] starts = new int[runs + 1];
            List<Object[]> all = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                starts[r] = b.rowCount();
                List<Object[]> run = new ArrayList<>();
                int n = rnd.nextInt(trial % 5 == 0 ? 2 : 40); // some empty runs
                for (int i = 0; i < n; i++) {
                    Integer a = rnd.nextInt(6) == 0 ? null : rnd.nextInt(10);
                    run.add(new Object[] {a, "k" + rnd.nextInt(3), 0});
                }
                run.sort(KEY);
                for (Object[] row : run) {
                    row[2] = all.size(); // the row's index in the block
                    all.add(row);
                    b.appendRow(row);
                }
            }
            starts[runs] = b.rowCount();
            int[] perm = RowMerger.mergeRuns(SCHEMA, b, starts, runs);
            // Stable sort by key of rows in block order = ties in run order.
            List<Object[]> expected = new ArrayList<>(all);
            expected.sort(KEY);
            assertThat(perm).hasSize(all.size());
            for (int i = 0; i < perm.length; i++) {
                assertThat(perm[i])
                        .as("trial %d position %d", trial, i)
                        .isEqualTo((Integer) expected.get(i)[2]);
            }
        }
    }
}
