package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitmapIndexTest {

    @Test
    void arrayFormGoldenBytes() {
        // portable form would be 28 bytes (cookie, size, 2 key/card pairs, 2 offsets, 2 values),
        // array form 4 + 2*4 = 12: array wins
        byte[] b = BitmapIndexBuilder.serialize(RoaringBitmap.bitmapOf(5, 70000));
        assertThat(b).containsExactly(1, 2, 0, 0, 0, 5, 0, 0, 0, 0x70, 0x11, 0x01, 0x00);
        assertThat(BitmapIndexBuilder.serialize(new RoaringBitmap()))
                .containsExactly(1, 0, 0, 0, 0);
    }

    @Test
    void containerFormGoldenBytes() {
        RoaringBitmap r = new RoaringBitmap();
        r.add(0L, 1000L);
        r.runOptimize();
        // byte 2, cookie 12347 (runs, 1 container), run flag bitset 0x01, key 0, card-1 = 999,
        // one run: start 0, length-1 = 999 (no offset header below 4 containers with runs)
        byte[] b = BitmapIndexBuilder.serialize(r);
        assertThat(b)
                .containsExactly(
                        2, 0x3B, 0x30, 0, 0, 0x01, 0, 0, 0xE7, 0x03, 0x01, 0x00, 0, 0, 0xE7, 0x03);
    }

    @Test
    void roundTripBothForms() throws CorruptSegmentException {
        Random rnd = new Random(8);
        for (int round = 0; round < 50; round++) {
            RoaringBitmap r = new RoaringBitmap();
            int n = rnd.nextInt(5000);
            boolean dense = rnd.nextBoolean();
            for (int i = 0; i < n; i++) {
                r.add(dense ? rnd.nextInt(8000) : rnd.nextInt(Integer.MAX_VALUE));
            }
            r.runOptimize();
            byte[] b = BitmapIndexBuilder.serialize(r);
            byte[] shifted = new byte[b.length + 3];
            System.arraycopy(b, 0, shifted, 3, b.length);
            assertThat(BitmapIndexReader.deserialize(shifted, 3, b.length)).isEqualTo(r);
            long arraySize = 5 + 4L * r.getLongCardinality();
            assertThat(b[0]).isEqualTo((byte) (b.length < arraySize ? 2 : 1));
        }
    }

    @Test
    void deserializeRejectsCorruption() {
        byte[] good = BitmapIndexBuilder.serialize(RoaringBitmap.bitmapOf(1, 2, 3));
        assertThatThrownBy(
                        () -> BitmapIndexReader.deserialize(good, 0, good.length - 1, "x.dat", 40))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("x.dat")
                .hasMessageContaining("offset 41");
        byte[] unsorted = good.clone();
        unsorted[5] = 9;
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(unsorted, 0, unsorted.length))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("increasing");
        byte[] huge = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0, 0};
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(huge, 0, huge.length))
                .isInstanceOf(CorruptSegmentException.class);
        RoaringBitmap r = new RoaringBitmap();
        r.add(0L, 100000L);
        r.runOptimize();
        byte[] portable = BitmapIndexBuilder.serialize(r);
        assertThat(portable[0]).isEqualTo((byte) 2);
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(portable, 0, portable.length - 2))
                .isInstanceOf(CorruptSegmentException.class);
        byte[] extra = Arrays.copyOf(portable, portable.length + 1);
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(extra, 0, extra.length))
                .isInstanceOf(CorruptSegmentException.class);
        byte[] badCookie = portable.clone();
        badCookie[1] = 0x11;
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(badCookie, 0, badCookie.length))
                .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> BitmapIndexReader.deserialize(new byte[] {3}, 0, 1))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("type byte 3");
    }

    @Test
    void dictionaryIsSortedWithOneBitmapPerValueAndNullsLast() {
        DataType t = DataType.of(FieldType.INT);
        Random rnd = new Random(4);
        TreeMap<Integer, List<Integer>> expected = new TreeMap<>();
        List<Integer> nullRows = new ArrayList<>();
        BitmapIndexBuilder b = new BitmapIndexBuilder(t);
        int rowId = 0;
        for (int batch = 0; batch < 5; batch++) {
            ColumnVector v = ColumnVector.create(t, 200);
            for (int i = 0; i < 200; i++) {
                if (rnd.nextInt(10) == 0) {
                    v.appendNull();
                } else {
                    v.appendObject(t, rnd.nextInt(50) - 25);
                }
            }
            // add rows 10..199 of the batch only, to exercise start/firstRowId
            b.add(v, 10, 190, rowId);
            for (int i = 10; i < 200; i++) {
                Object o = v.getObject(t, i);
                if (o == null) {
                    nullRows.add(rowId + i - 10);
                } else {
                    expected.computeIfAbsent((Integer) o, k -> new ArrayList<>())
                            .add(rowId + i - 10);
                }
            }
            rowId += 190;
        }
        BitmapIndexBuilder.Result r = b.finish();
        assertThat(r.hasNull()).isTrue();
        assertThat(r.dictValues().size()).isEqualTo(expected.size());
        assertThat(r.bitmaps()).hasSize(expected.size() + 1);
        int i = 0;
        for (var e : expected.entrySet()) {
            assertThat(r.dictValues().getObject(t, i)).isEqualTo(e.getKey());
            assertThat(r.bitmaps().get(i).toArray())
                    .containsExactly(e.getValue().stream().mapToInt(Integer::intValue).toArray());
            KeyBuffer kb = new KeyBuffer();
            KeyCoder.encodeFull(t, e.getKey(), kb);
            assertThat(r.dictKeys().get(i)).isEqualTo(kb.toByteArray());
            assertThat(BitmapIndexReader.seek(r.dictKeys(), kb.toByteArray())).isEqualTo(i);
            i++;
        }
        assertThat(r.bitmaps().get(i).toArray())
                .containsExactly(nullRows.stream().mapToInt(Integer::intValue).toArray());
        KeyBuffer absent = new KeyBuffer();
        KeyCoder.encodeFull(t, 1000, absent);
        assertThat(BitmapIndexReader.seek(r.dictKeys(), absent.toByteArray()))
                .isEqualTo(-expected.size() - 1);
        assertThat(r.serializedBitmaps()).hasSize(expected.size() + 1);
    }

    @Test
    void sortedRunsAcrossBatches() {
        DataType t = DataType.of(FieldType.BIGINT);
        BitmapIndexBuilder b = new BitmapIndexBuilder(t);
        ColumnVector v1 = ColumnVector.create(t, 8);
        for (long x : new long[] {1, 1, 1, 2, 2}) {
            v1.appendObject(t, x);
        }
        ColumnVector v2 = ColumnVector.create(t, 8);
        v2.appendObject(t, 2L);
        v2.appendNull();
        v2.appendObject(t, 2L);
        v2.appendObject(t, 1L);
        b.add(v1, 0, 5, 0);
        b.add(v2, 0, 4, 5);
        assertThat(b.cardinality()).isEqualTo(2);
        BitmapIndexBuilder.Result r = b.finish();
        assertThat(r.bitmaps().get(0).toArray()).containsExactly(0, 1, 2, 8);
        assertThat(r.bitmaps().get(1).toArray()).containsExactly(3, 4, 5, 7);
        assertThat(r.bitmaps().get(2).toArray()).containsExactly(6);
        // {0,1,2,8}: portable would be 1 + 24 bytes (cookie, size, key/card, offset, 4 values;
        // runs [0,2],[8,8] take 10 > 8 bytes so the container stays an array): array form wins
        assertThat(r.serializedBitmaps().get(0))
                .containsExactly(1, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0);
        assertThat(r.serializedBitmaps().get(2)).containsExactly(1, 1, 0, 0, 0, 6, 0, 0, 0);
    }

    @Test
    void stringDictionary() {
        DataType t = DataType.varchar(10);
        ColumnVector v = ColumnVector.create(t, 8);
        for (String s : new String[] {"pear", "apple", "", "pear", "Zed", "apple", "\u00e9"}) {
            v.appendObject(t, s);
        }
        BitmapIndexBuilder b = new BitmapIndexBuilder(t);
        b.add(v, 0, v.size(), 100);
        BitmapIndexBuilder.Result r = b.finish();
        assertThat(r.hasNull()).isFalse();
        List<Object> dict = new ArrayList<>();
        for (int i = 0; i < r.dictValues().size(); i++) {
            dict.add(r.dictValues().getObject(t, i));
        }
        assertThat(dict).containsExactly("", "Zed", "apple", "pear", "\u00e9");
        assertThat(r.bitmaps().get(3).toArray()).containsExactly(100, 103);
    }
}
