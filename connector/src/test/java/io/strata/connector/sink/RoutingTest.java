package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RowConverter;
import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSchemas;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletRouter;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pre-write shuffle agrees with the engine's routing: one writer subtask per tablet. */
class RoutingTest {

    @TempDir Path dir;

    private static long tabletOf(TabletRouter router, TableDescriptor d, Row r) throws Exception {
        Block b = Block.create(d.schema().columns(), 1);
        new RowConverter(d.schema()).append(r, b);
        return TabletRouter.tabletId(router.partitionId(b, 0), router.bucketOfRow(b, 0));
    }

    @Test
    void everyTabletMapsToExactlyOneSubtaskAndAllSubtasksGetWork() throws Exception {
        TableDescriptor d = TestTables.dupPartitioned();
        TableResolver resolver = new TableResolver("unused", DescriptorSpec.of(d), false);
        RowConverter conv = new RowConverter(d.schema());
        TabletKeySelector<Row> keys =
                new TabletKeySelector<>(resolver, conv, StrataSinkOptions.defaults());
        TabletChannelPartitioner partitioner = new TabletChannelPartitioner();
        TabletRouter router = new TabletRouter(d);
        for (int parallelism : new int[] {1, 3, 4, 7}) {
            Map<Long, Integer> owner = new HashMap<>();
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < 5000; i++) {
                Row r = Row.of(i * 7919, i % 13, "v");
                int subtask = partitioner.partition(keys.getKey(r), parallelism);
                assertThat(subtask).isBetween(0, parallelism - 1);
                Integer prev = owner.putIfAbsent(tabletOf(router, d, r), subtask);
                if (prev != null) {
                    assertThat(subtask).isEqualTo(prev);
                }
                used.add(subtask);
            }
            assertThat(owner).hasSize(13 * 4); // 13 partitions x 4 buckets
            assertThat(used).hasSize(parallelism);
        }
    }

    @Test
    void unpartitionedBucketsSpreadEvenly() throws Exception {
        TableDescriptor d =
                TestTables.dupRandom().toBuilder().distribution(List.of("k")).buckets(4).build();
        TabletKeySelector<Row> keys =
                new TabletKeySelector<>(
                        new TableResolver("unused", DescriptorSpec.of(d), false),
                        new RowConverter(d.schema()),
                        StrataSinkOptions.defaults());
        Map<Integer, Set<Integer>> bucketsOfSubtask = new HashMap<>();
        TabletRouter router = new TabletRouter(d);
        for (long i = 0; i < 2000; i++) {
            Row r = Row.of(i, "x");
            int subtask = new TabletChannelPartitioner().partition(keys.getKey(r), 4);
            int bucket = TabletRouter.bucketOf(tabletOf(router, d, r));
            bucketsOfSubtask.computeIfAbsent(subtask, k -> new HashSet<>()).add(bucket);
        }
        assertThat(bucketsOfSubtask).hasSize(4);
        bucketsOfSubtask.values().forEach(b -> assertThat(b).hasSize(1));
    }

    @Test
    void routingConvertsOnlyRoutingColumnsAndAgreesWithTheWholeRow() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(TestTables.key("k", FieldType.INT))
                        .column(TestTables.key("p", FieldType.INT))
                        .column(TestTables.val("v", DataType.varchar(3), AggregationType.NONE))
                        .build();
        TableDescriptor d =
                TableDescriptor.builder(schema)
                        .distribution(List.of("k"))
                        .buckets(4)
                        .partitionColumns(List.of("p"))
                        .build();
        RowType rt =
                RowType.of(
                        new LogicalType[] {
                            new IntType(false), new IntType(false), new VarCharType(3)
                        },
                        new String[] {"k", "p", "v"});
        TabletKeySelector<RowData> keys =
                new TabletKeySelector<>(
                        new TableResolver("unused", DescriptorSpec.of(d), false),
                        new RowDataConverter(rt, schema),
                        StrataSinkOptions.defaults());
        TabletKeySelector<Row> rowKeys =
                new TabletKeySelector<>(
                        new TableResolver("unused", DescriptorSpec.of(d), false),
                        new RowConverter(schema),
                        StrataSinkOptions.defaults());
        TabletRouter router = new TabletRouter(d);
        RowDataConverter whole = new RowDataConverter(rt, schema);
        whole.open(schema, StrataSinkOptions.defaults());
        for (int i = 0; i < 3000; i++) {
            GenericRowData r = GenericRowData.of(i * 7919, i % 5, StringData.fromString("ok"));
            Block b = Block.create(schema.columns(), 1);
            assertThat(whole.append(r, b)).isTrue();
            long partition = router.partitionId(b, 0);
            int expected = TabletKeySelector.routingKey(router.bucketOfRow(b, 0), partition, true);
            assertThat(keys.getKey(r)).isEqualTo(expected);
            // A bad value outside the routing columns does not move the row: the writer that
            // owns its tablet converts it again and reports it.
            GenericRowData bad =
                    GenericRowData.of(i * 7919, i % 5, StringData.fromString("too long"));
            assertThat(keys.getKey(bad)).isEqualTo(expected);
            assertThat(rowKeys.getKey(Row.of(i * 7919, i % 5, "ok"))).isEqualTo(expected);
            assertThat(rowKeys.getKey(Row.of(i * 7919, i % 5, "too long"))).isEqualTo(expected);
            assertThatThrownBy(() -> whole.append(bad, Block.create(schema.columns(), 1)))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessageContaining("'v'");
        }
        // A bad routing value still routes to key 0.
        assertThat(keys.getKey(GenericRowData.of(null, 1, StringData.fromString("ok")))).isZero();
    }

    @Test
    void badRecordsRouteToKeyZero() {
        TableDescriptor d = TestTables.dupPartitioned();
        TabletKeySelector<Row> keys =
                new TabletKeySelector<>(
                        new TableResolver("unused", DescriptorSpec.of(d), false),
                        new RowConverter(d.schema()),
                        StrataSinkOptions.defaults());
        assertThat(keys.getKey(Row.of(null, 1, "v"))).isZero();
        assertThat(keys.getKey(Row.of(1, 2))).isZero();
    }

    @Test
    void descriptorSpecRoundTripsAndResolverChecksExistingTables() throws Exception {
        TableDescriptor d = StrataSchemas.withDeleteSign(TestTables.unique());
        assertThat(d.schema().deleteSignIndex()).isGreaterThanOrEqualTo(0);
        TableDescriptor back = DescriptorSpec.of(d).toDescriptor();
        assertThat(back.schema()).isEqualTo(d.schema());
        assertThat(TableResolver.differences(d, back)).isEmpty();

        String path = dir.resolve("t").toString();
        TableResolver creating = new TableResolver(path, DescriptorSpec.of(d), true);
        creating.resolve(LocalFileIO.INSTANCE).close();
        creating.resolve(LocalFileIO.INSTANCE).close(); // exists, matches
        try (Table t = new TableResolver(path, null, false).resolve(LocalFileIO.INSTANCE)) {
            assertThat(t.descriptor().buckets()).isEqualTo(3);
        }
        TableDescriptor other = d.toBuilder().buckets(5).build();
        assertThatThrownBy(
                        () ->
                                new TableResolver(path, DescriptorSpec.of(other), true)
                                        .resolve(LocalFileIO.INSTANCE))
                .hasMessageContaining("buckets 3 (expected 5)");
        assertThatThrownBy(
                        () ->
                                new TableResolver(dir.resolve("none").toString(), null, false)
                                        .resolve(LocalFileIO.INSTANCE))
                .hasMessageContaining("does not exist");
    }

    @Test
    void sharedEnginesAreReferenceCounted() {
        StrataSinkOptions o = StrataSinkOptions.fromMap(Map.of("sink.flush.threads", "1"));
        int before = SharedStorageEngines.liveEngines();
        SharedStorageEngines.Lease a = SharedStorageEngines.acquire(o);
        SharedStorageEngines.Lease b = SharedStorageEngines.acquire(o);
        assertThat(a.engine()).isSameAs(b.engine());
        assertThat(SharedStorageEngines.liveEngines()).isEqualTo(before + 1);
        a.close();
        a.close(); // idempotent
        assertThat(SharedStorageEngines.liveEngines()).isEqualTo(before + 1);
        b.close();
        assertThat(SharedStorageEngines.liveEngines()).isEqualTo(before);
    }
}
