package io.strata.connector.sink;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static io.strata.connector.sink.TestTables.row;

/** Deterministic record streams and their expected table contents (an in-memory replay). */
final class TestData {
    private TestData() {}

    static final int UNIQUE_KEYS = 97;

    /** Row i of the UNIQUE stream: upsert (i % 97, i), every 10th a delete of its key. */
    static Row uniqueRow(long i) {
        int k = (int) (i % UNIQUE_KEYS);
        if (i % 10 == 9) {
            return Row.ofKind(RowKind.DELETE, k, null);
        }
        return Row.ofKind(i % 3 == 0 ? RowKind.INSERT : RowKind.UPDATE_AFTER, k, i);
    }

    /** Replays rows 0..n-1 in order: last write per key wins, deletes remove. */
    static List<List<Object>> uniqueExpected(long n) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        for (long i = 0; i < n; i++) {
            Row r = uniqueRow(i);
            int k = (Integer) r.getField(0);
            if (r.getKind() == RowKind.DELETE) {
                m.remove(k);
            } else {
                m.put(k, (Long) r.getField(1));
            }
        }
        List<List<Object>> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(row(k, v)));
        return out;
    }
}
