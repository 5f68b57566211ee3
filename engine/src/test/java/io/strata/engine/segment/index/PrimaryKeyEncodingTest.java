package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrimaryKeyEncodingTest {
    private static final DataType INT = DataType.of(FieldType.INT);
    private static final DataType VC = DataType.varchar(10);
    private static final DataType BIG = DataType.of(FieldType.BIGINT);

    @Test
    void keysWithSequenceSuffixAndMinMax() {
        ColumnVector k1 = ColumnVector.create(INT, 3);
        ColumnVector k2 = ColumnVector.create(VC, 3);
        ColumnVector seq = ColumnVector.create(BIG, 3);
        k1.appendObject(INT, 1);
        k2.appendObject(VC, "a");
        seq.appendObject(BIG, 7L);
        k1.appendObject(INT, 1);
        k2.appendObject(VC, "b");
        seq.appendObject(BIG, null);
        k1.appendObject(INT, 2);
        k2.appendObject(VC, null);
        seq.appendObject(BIG, -1L);
        PrimaryKeyEncoding pk = new PrimaryKeyEncoding(new DataType[] {INT, VC}, BIG);
        assertThat(pk.seqSuffixLength()).isEqualTo(9);
        ColumnVector[] keys = {k1, k2};
        assertThat(pk.encode(keys, seq, 0).toByteArray())
                .containsExactly(2, 0x80, 0, 0, 1, 2, 'a', 2, 0x80, 0, 0, 0, 0, 0, 0, 7);
        assertThat(pk.encode(keys, seq, 1).toByteArray())
                .containsExactly(2, 0x80, 0, 0, 1, 2, 'b', 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(pk.encode(keys, seq, 2).toByteArray())
                .containsExactly(
                        2, 0x80, 0, 0, 2, 1, 2, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertThat(pk.numKeys()).isEqualTo(3);
        assertThat(pk.minKey()).containsExactly(2, 0x80, 0, 0, 1, 2, 'a');
        assertThat(pk.maxKey()).containsExactly(2, 0x80, 0, 0, 2, 1);
        assertThat(pk.stripSuffix(16)).isEqualTo(7);
    }

    @Test
    void rejectsUnsortedOrDuplicateKeys() {
        ColumnVector k = ColumnVector.create(INT, 3);
        k.appendObject(INT, 5);
        k.appendObject(INT, 5);
        PrimaryKeyEncoding pk = new PrimaryKeyEncoding(new DataType[] {INT}, null);
        assertThat(pk.minKey()).isNull();
        pk.encode(new ColumnVector[] {k}, null, 0);
        assertThatThrownBy(() -> pk.encode(new ColumnVector[] {k}, null, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("strictly increasing");
        assertThat(pk.minKey()).isEqualTo(pk.maxKey());
        assertThatThrownBy(() -> new PrimaryKeyEncoding(new DataType[] {INT}, VC))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
