package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class BucketHashTest {
    static long crc(byte[]... parts) {
        CRC32 c = new CRC32();
        for (byte[] p : parts) {
            c.update(p);
        }
        return c.getValue();
    }

    static byte[] le(int bytes, long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        byte[] out = new byte[bytes];
        System.arraycopy(b.array(), 0, out, 0, bytes);
        return out;
    }

    @Test
    void isZlibCrc32() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // the CRC-32 check value of the standard
        assertThat(BucketHash.hashBytes(0, check, 0, 9) & 0xFFFFFFFFL).isEqualTo(0xCBF43926L);
        Random r = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] a = new byte[r.nextInt(40)];
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(a);
            r.nextBytes(b);
            int h = BucketHash.hashBytes(0, a, 0, a.length);
            assertThat(h & 0xFFFFFFFFL).isEqualTo(crc(a));
            // chaining = CRC of the concatenation (zlib's crc32(seed, ...))
            assertThat(BucketHash.hashBytes(h, b, 0, b.length) & 0xFFFFFFFFL).isEqualTo(crc(a, b));
        }
    }

    @Test
    void fixedWidthValuesHashTheirLittleEndianBytes() {
        Random r = new Random(2);
        for (int i = 0; i < 100; i++) {
            int seed = r.nextInt();
            long v = r.nextLong();
            byte[] s = le(4, seed == 0 ? 0 : 0); // unused
            assertThat(s).hasSize(4);
            assertThat(BucketHash.hashInt(seed, (int) v))
                    .isEqualTo(BucketHash.hashBytes(seed, le(4, v), 0, 4));
            assertThat(BucketHash.hashLong(seed, v))
                    .isEqualTo(BucketHash.hashBytes(seed, le(8, v), 0, 8));
            assertThat(BucketHash.hashShort(seed, (short) v))
                    .isEqualTo(BucketHash.hashBytes(seed, le(2, v), 0, 2));
            assertThat(BucketHash.hashByte(seed, (byte) v))
                    .isEqualTo(BucketHash.hashBytes(seed, le(1, v), 0, 1));
        }
        assertThat(BucketHash.hashNull(7)).isEqualTo(BucketHash.hashInt(7, 0));
    }

    @Test
    void bulkHashEqualsRowHash() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(Column.builder("a", DataType.of(FieldType.INT)).key(true).build())
                        .column(Column.builder("b", DataType.varchar(10)).key(true).build())
                        .column(Column.builder("c", DataType.of(FieldType.LARGEINT)).build())
                        .column(Column.builder("d", DataType.of(FieldType.DATEV2)).build())
                        .column(Column.builder("e", DataType.of(FieldType.SMALLINT)).build())
                        .build();
        Block b = Block.create(s.columns(), 8);
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            b.appendRow(
                    r.nextInt(5) == 0 ? null : r.nextInt(),
                    r.nextInt(5) == 0 ? null : "s" + r.nextInt(100),
                    r.nextInt(5) == 0 ? null : BigInteger.valueOf(r.nextLong()).shiftLeft(40),
                    r.nextInt(5) == 0 ? null : LocalDate.ofEpochDay(r.nextInt(20000)),
                    r.nextInt(5) == 0 ? null : (short) r.nextInt(1000));
        }
        int[] cols = {0, 1, 2, 3, 4};
        int[] out = new int[200];
        BucketHash.hashRows(b, cols, out);
        for (int i = 0; i < 200; i++) {
            assertThat(out[i]).isEqualTo(BucketHash.hashRow(b, cols, i));
        }
        // hashRow chains column values in order, NULL as a zero int
        Block one = Block.create(s.columns(), 1);
        one.appendRow(5, null, null, null, null);
        int expect = BucketHash.hashInt(0, 5);
        for (int k = 0; k < 4; k++) {
            expect = BucketHash.hashNull(expect);
        }
        assertThat(BucketHash.hashRow(one, cols, 0)).isEqualTo(expect);
    }

    @Test
    void routerIsDeterministic() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .build())
                        .column(Column.builder("dt", DataType.of(FieldType.DATEV2)).build())
                        .build();
        TableDescriptor d =
                TableDescriptor.builder(s)
                        .distribution(List.of("k"))
                        .buckets(7)
                        .partitionColumns(List.of("dt"))
                        .build();
        TabletRouter router = new TabletRouter(d);
        Block b = Block.create(s.columns(), 4);
        for (int i = 0; i < 100; i++) {
            b.appendRow((long) i, LocalDate.of(2024, 1, 1 + i % 3));
        }
        int[] buckets = new int[100];
        long[] parts = new long[100];
        router.buckets(b, buckets);
        router.partitionIds(b, parts);
        for (int i = 0; i < 100; i++) {
            int h = BucketHash.hashLong(0, i);
            assertThat(buckets[i]).isEqualTo((h & Integer.MAX_VALUE) % 7);
            assertThat(parts[i]).isEqualTo(parts[i % 3]).isEqualTo(router.partitionId(b, i));
            long tablet = TabletRouter.tabletId(parts[i], buckets[i]);
            assertThat(TabletRouter.bucketOf(tablet)).isEqualTo(buckets[i]);
            assertThat(TabletRouter.partitionOf(tablet)).isEqualTo(parts[i]);
            assertThat(tablet).isPositive();
        }
        assertThat(parts[0]).isNotEqualTo(parts[1]).isNotEqualTo(parts[2]);
        // the value-level API (for callers without Blocks) gives the same ids
        for (int i = 0; i < 3; i++) {
            int date = io.strata.engine.block.Values.encodeDateV2(LocalDate.of(2024, 1, 1 + i));
            long h = TabletRouter.mixPartitionInt(TabletRouter.partitionSeed(), date);
            assertThat(TabletRouter.finishPartitionId(h)).isEqualTo(parts[i]);
        }
        assertThat(parts[0]).isNotEqualTo(TabletRouter.UNPARTITIONED);
    }

    @Test
    void valueLevelPartitionIdsMatchBlocks() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(Column.builder("region", DataType.varchar(10)).key(true).build())
                        .column(Column.builder("n", DataType.of(FieldType.BIGINT)).build())
                        .build();
        TableDescriptor d =
                TableDescriptor.builder(s)
                        .buckets(2)
                        .partitionColumns(List.of("region", "n"))
                        .build();
        TabletRouter router = new TabletRouter(d);
        Block b = Block.create(s.columns(), 4);
        b.appendRow("eu", 1L);
        b.appendRow("eu", null);
        b.appendRow(null, 1L);
        b.appendRow("", 1L);
        Object[][] vals = {{"eu", 1L}, {"eu", null}, {null, 1L}, {"", 1L}};
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < vals.length; i++) {
            long h = TabletRouter.partitionSeed();
            if (vals[i][0] == null) {
                h = TabletRouter.mixPartitionNull(h);
            } else {
                byte[] x = ((String) vals[i][0]).getBytes(StandardCharsets.UTF_8);
                h = TabletRouter.mixPartitionBytes(h, x, 0, x.length);
            }
            h =
                    vals[i][1] == null
                            ? TabletRouter.mixPartitionNull(h)
                            : TabletRouter.mixPartitionLong(h, (Long) vals[i][1]);
            assertThat(TabletRouter.finishPartitionId(h)).isEqualTo(router.partitionId(b, i));
            ids.add(router.partitionId(b, i));
        }
        assertThat(ids).hasSize(4);
    }
}
