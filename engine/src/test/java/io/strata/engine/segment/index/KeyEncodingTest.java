package io.strata.engine.segment.index;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEncodingTest {
    private static final Column K1 =
            Column.builder("k1", DataType.of(FieldType.SMALLINT)).key(true).build();
    private static final Column K2 = Column.builder("k2", DataType.charType(3)).key(true).build();
    private static final Column K3 = Column.builder("k3", DataType.string()).key(true).build();

    @Test
    void rowKeyBytes() {
        Block b = Block.create(List.of(K1, K2, K3), 2);
        b.appendRow((short) -2, "a", "xyz");
        b.appendRow(null, "abc", null);
        KeyBuffer out = new KeyBuffer();
        KeyEncoding.encodeRowKey(b, 0, 3, out);
        assertThat(out.toByteArray())
                .containsExactly(2, 0x7F, 0xFE, 2, 'a', 0, 0, 2, 'x', 'y', 'z');
        out.reset();
        KeyEncoding.encodeRowKey(
                b.vectors(), new DataType[] {K1.type(), K2.type(), K3.type()}, 1, 3, out);
        assertThat(out.toByteArray()).containsExactly(1, 2, 'a', 'b', 'c', 1);
        out.reset();
        KeyEncoding.encodeRowKey(b, 1, 1, out);
        assertThat(out.toByteArray()).containsExactly(1);
    }

    @Test
    void shortKeyTruncatesStringsToIndexLength() {
        Block b = Block.create(List.of(K1, K3), 1);
        b.appendRow((short) 1, "0123456789abcdefghijKLMN");
        KeyBuffer out = new KeyBuffer();
        KeyEncoding.encodeShortKey(b, 0, 2, out);
        byte[] k = out.toByteArray();
        assertThat(k).hasSize(1 + 2 + 1 + 20);
        assertThat(new String(k, 4, 20)).isEqualTo("0123456789abcdefghij");
        out.reset();
        KeyEncoding.encodeShortKey(b.vectors(), new Column[] {K1, K3}, 0, 1, out);
        assertThat(out.toByteArray()).containsExactly(2, 0x80, 1);
    }

    @Test
    void seekKeysPadAndOrder() {
        Column[] cols = {K1, K2, K3};
        KeyBuffer lo = new KeyBuffer();
        KeyEncoding.encodeSeekKey(cols, new Object[] {(short) 5}, 3, false, true, lo);
        assertThat(lo.toByteArray()).containsExactly(2, 0x80, 5, 0);
        KeyBuffer hi = new KeyBuffer();
        KeyEncoding.encodeSeekKey(cols, new Object[] {(short) 5}, 3, false, false, hi);
        assertThat(hi.toByteArray()).containsExactly(2, 0x80, 5, 0xFF);
        KeyBuffer next = new KeyBuffer();
        KeyEncoding.encodeSeekKey(
                cols, new Object[] {(short) 5, null}, 3, false, KeyEncoding.NORMAL_NEXT, next);
        assertThat(next.toByteArray()).containsExactly(2, 0x80, 5, 1, 3);
        assertThatThrownBy(
                        () ->
                                KeyEncoding.encodeSeekKey(
                                        cols,
                                        new Object[] {"abcd"},
                                        3,
                                        false,
                                        true,
                                        new KeyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k1");

        // every row key with k1 == 5 lies strictly between the padded bounds
        Random r = new Random(1);
        Block b = Block.create(List.of(K1, K2, K3), 100);
        for (int i = 0; i < 100; i++) {
            b.appendRow(
                    r.nextInt(5) == 0 ? null : (short) (r.nextInt(11)),
                    r.nextInt(5) == 0 ? null : "" + (char) ('a' + r.nextInt(3)),
                    r.nextInt(5) == 0 ? null : "s" + r.nextInt(1000));
        }
        for (int i = 0; i < 100; i++) {
            KeyBuffer k = new KeyBuffer();
            KeyEncoding.encodeRowKey(b, i, 3, k);
            Object v = b.vector(0).getObject(K1.type(), i);
            boolean inside =
                    Arrays.compareUnsigned(k.toByteArray(), lo.toByteArray()) > 0
                            && Arrays.compareUnsigned(k.toByteArray(), hi.toByteArray()) < 0;
            assertThat(inside).isEqualTo(Short.valueOf((short) 5).equals(v));
        }
    }

    /** Seek keys bracket every matching row even when strings hold bytes below the markers. */
    @Test
    void seekKeysSafeForStringsWithLowBytes() {
        Column s = Column.builder("s", DataType.varchar(10)).key(true).build();
        Column i = Column.builder("i", DataType.of(FieldType.INT)).key(true).build();
        Column[] cols = {s, i};
        String[] values = {
            "ab", "ab\u0000", "ab\u0001", "ab\u0002", "ab\u0003", "abc", "a", "b", ""
        };
        Random r = new Random(5);
        Block b = Block.create(List.of(s, i), 200);
        for (int k = 0; k < 200; k++) {
            b.appendRow(values[r.nextInt(values.length)], r.nextInt(5));
        }
        for (boolean shortEnc : new boolean[] {false, true}) {
            for (String lo : values) {
                for (String hi : values) {
                    for (int loI = 0; loI < 5; loI += 2) {
                        KeyBuffer lk = new KeyBuffer();
                        KeyEncoding.encodeSeekKey(
                                cols, new Object[] {lo, loI}, 2, shortEnc, true, lk);
                        KeyBuffer hk = new KeyBuffer();
                        KeyEncoding.encodeSeekKey(
                                cols, new Object[] {hi, 3}, 2, shortEnc, false, hk);
                        KeyBuffer hk1 = new KeyBuffer();
                        KeyEncoding.encodeSeekKey(cols, new Object[] {hi}, 2, shortEnc, false, hk1);
                        for (int row = 0; row < 200; row++) {
                            KeyBuffer key = new KeyBuffer();
                            if (shortEnc) {
                                KeyEncoding.encodeShortKey(b, row, 2, key);
                            } else {
                                KeyEncoding.encodeRowKey(b, row, 2, key);
                            }
                            String sv = (String) b.vector(0).getObject(s.type(), row);
                            int iv = (Integer) b.vector(1).getObject(i.type(), row);
                            int cLo = compareUtf8(sv, lo);
                            int cHi = compareUtf8(sv, hi);
                            boolean geLower = cLo > 0 || (cLo == 0 && iv >= loI);
                            boolean leUpper = cHi < 0 || (cHi == 0 && iv <= 3);
                            if (geLower) {
                                assertThat(
                                                Arrays.compareUnsigned(
                                                        key.toByteArray(), lk.toByteArray()))
                                        .as("row (%s,%d) >= (%s,%d)", sv, iv, lo, loI)
                                        .isGreaterThanOrEqualTo(0);
                            }
                            if (leUpper) {
                                assertThat(
                                                Arrays.compareUnsigned(
                                                        key.toByteArray(), hk.toByteArray()))
                                        .as("row (%s,%d) <= (%s,3)", sv, iv, hi)
                                        .isLessThanOrEqualTo(0);
                            }
                            if (cHi <= 0) {
                                assertThat(
                                                Arrays.compareUnsigned(
                                                        key.toByteArray(), hk1.toByteArray()))
                                        .isLessThanOrEqualTo(0);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void rowKeyOrderEqualsRowOrder() {
        Random r = new Random(9);
        Block b = Block.create(List.of(K1, K2, K3), 300);
        for (int i = 0; i < 300; i++) {
            b.appendRow(
                    r.nextInt(6) == 0 ? null : (short) (r.nextInt(7) - 3),
                    r.nextInt(6) == 0 ? null : "" + (char) ('a' + r.nextInt(3)),
                    r.nextInt(6) == 0 ? null : "s".repeat(r.nextInt(3)));
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            KeyBuffer k = new KeyBuffer();
            KeyEncoding.encodeRowKey(b, i, 3, k);
            keys.add(k.toByteArray());
        }
        ColumnVector[] v = b.vectors();
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 300; j++) {
                int expected = 0;
                for (int c = 0; c < 3 && expected == 0; c++) {
                    expected = v[c].compare(i, v[c], j);
                }
                assertThat(Integer.signum(Arrays.compareUnsigned(keys.get(i), keys.get(j))))
                        .isEqualTo(Integer.signum(expected));
            }
        }
    }
}
