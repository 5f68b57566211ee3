package io.strata.engine.segment.index;

import io.strata.engine.block.Block;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.ShortKeyFooterPB;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShortKeyIndexTest {
    private static final Column K1 =
            Column.builder("k1", DataType.of(FieldType.INT)).key(true).build();
    private static final Column K2 = Column.builder("k2", DataType.varchar(64)).key(true).build();

    @Test
    void bodyLayoutAndFooter() throws CorruptSegmentException {
        ShortKeyIndexBuilder b = new ShortKeyIndexBuilder();
        b.addEntry(new byte[] {2, 9, 9}, 2);
        b.addEntry(new byte[] {2, 10}, 2);
        b.addEntry(new byte[] {1}, 1);
        ShortKeyIndexBuilder.Result r = b.finish(7, 2100);
        // keys back to back, then varint offsets 0, 2, 4
        assertThat(r.body()).containsExactly(2, 9, 2, 10, 1, 0, 2, 4);
        ShortKeyFooterPB f = r.footer();
        assertThat(f.getNumItems()).isEqualTo(3);
        assertThat(f.getKeyBytes()).isEqualTo(5);
        assertThat(f.getOffsetBytes()).isEqualTo(3);
        assertThat(f.getSegmentId()).isEqualTo(7);
        assertThat(f.getNumRowsPerBlock()).isEqualTo(1024);
        assertThat(f.getNumSegmentRows()).isEqualTo(2100);
        ShortKeyIndexDecoder d = new ShortKeyIndexDecoder(r.body(), f, "s.dat", 0);
        assertThat(d.numItems()).isEqualTo(3);
        assertThat(d.key(1)).containsExactly(2, 10);
        assertThat(d.key(2)).containsExactly(1);
    }

    @Test
    void entriesAndSeekBoundsOverASegment() throws CorruptSegmentException {
        // 5000 rows: k1 = row / 3 (ascending, duplicates), k2 = a fixed long string
        Block block = Block.create(List.of(K1, K2), 5000);
        String tail = "x".repeat(30);
        for (int r = 0; r < 5000; r++) {
            block.appendRow(r / 3, tail);
        }
        ShortKeyIndexBuilder b = new ShortKeyIndexBuilder();
        KeyBuffer kb = new KeyBuffer();
        for (int r = 0; r < 5000; r += ShortKeyIndexBuilder.NUM_ROWS_PER_BLOCK) {
            kb.reset();
            KeyEncoding.encodeShortKey(block, r, 2, kb);
            b.addEntry(kb.array(), kb.length());
        }
        ShortKeyIndexBuilder.Result res = b.finish(0, 5000);
        ShortKeyIndexDecoder d = new ShortKeyIndexDecoder(res.body(), res.footer(), "s.dat", 100);
        assertThat(d.numItems()).isEqualTo(5);
        // entry 1 is row 1024: k1 = 341, VARCHAR truncated to index_length 20
        byte[] e1 = d.key(1);
        assertThat(e1).hasSize(1 + 4 + 1 + 20);
        assertThat(e1[0]).isEqualTo(KeyEncoding.NORMAL);
        assertThat(e1[4]).isEqualTo((byte) 341);
        Column[] cols = {K1, K2};
        for (int target : new int[] {0, 1, 340, 341, 342, 700, 1365, 1666, 2000}) {
            KeyBuffer lo = new KeyBuffer();
            KeyEncoding.encodeSeekKey(cols, new Object[] {target}, 2, true, true, lo);
            KeyBuffer hi = new KeyBuffer();
            KeyEncoding.encodeSeekKey(cols, new Object[] {target}, 2, true, false, hi);
            int start = d.seekStartRow(lo.toByteArray());
            int end = d.seekEndRow(hi.toByteArray());
            int firstRow = Math.min(target * 3, 5000);
            int lastRow = Math.min(target * 3 + 2, 4999);
            if (target * 3 < 5000) {
                // every row with k1 == target lies in [start, end)
                assertThat(start).as("target %d", target).isLessThanOrEqualTo(firstRow);
                assertThat(end).as("target %d", target).isGreaterThan(lastRow);
                // and the range is tight to within one block either side
                assertThat(firstRow - start).isLessThan(2 * 1024);
                assertThat(end - lastRow).isLessThanOrEqualTo(1024 + 1);
            } else {
                assertThat(start).isEqualTo(4096);
                assertThat(end).isEqualTo(5000);
            }
        }
        // exact entry bounds
        assertThat(d.lowerBound(d.key(2))).isEqualTo(2);
        assertThat(d.upperBound(d.key(2))).isEqualTo(3);
        assertThat(d.lowerBound(new byte[] {0})).isEqualTo(0);
        assertThat(d.upperBound(new byte[] {(byte) 0xFF})).isEqualTo(5);
    }

    @Test
    void corruptPagesAreRejectedWithFileAndOffset() {
        ShortKeyIndexBuilder b = new ShortKeyIndexBuilder();
        b.addEntry(new byte[] {2, 1}, 2);
        b.addEntry(new byte[] {2, 2}, 2);
        ShortKeyIndexBuilder.Result r = b.finish(0, 1500);
        byte[] body = r.body();
        assertThatThrownBy(
                        () ->
                                new ShortKeyIndexDecoder(
                                        java.util.Arrays.copyOf(body, body.length - 1),
                                        r.footer(),
                                        "s.dat",
                                        500))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("s.dat")
                .hasMessageContaining("500");
        byte[] badOffset = body.clone();
        badOffset[body.length - 1] = 9; // past the key area
        assertThatThrownBy(() -> new ShortKeyIndexDecoder(badOffset, r.footer(), "s.dat", 0))
                .isInstanceOf(CorruptSegmentException.class);
        ShortKeyFooterPB manyItems = r.footer().toBuilder().setNumItems(1_000_000).build();
        assertThatThrownBy(() -> new ShortKeyIndexDecoder(body, manyItems, "s.dat", 0))
                .isInstanceOf(CorruptSegmentException.class);
        ShortKeyFooterPB wrongRows = r.footer().toBuilder().setNumSegmentRows(5000).build();
        assertThatThrownBy(() -> new ShortKeyIndexDecoder(body, wrongRows, "s.dat", 0))
                .isInstanceOf(CorruptSegmentException.class);
    }
}
