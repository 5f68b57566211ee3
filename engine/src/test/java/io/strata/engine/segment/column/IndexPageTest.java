package io.strata.engine.segment.column;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.IndexPageFooterPB;
import io.strata.proto.segment.PagePointerPB;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexPageTest {
    static PagePointerPB ptr(long off, int size) {
        return PagePointerPB.newBuilder().setOffset(off).setSize(size).build();
    }

    @Test
    void entriesHaveTheReferenceLayout() throws Exception {
        ByteSink b = new ByteSink();
        IndexPage.addEntry(b, IndexedColumnWriter.ordinalKey(0), 8, ptr(0, 300));
        IndexPage.addEntry(b, IndexedColumnWriter.ordinalKey(1024), 8, ptr(300, 5));
        // [varint32 8][8-byte BE key][varint64 offset][varint32 size]
        assertThat(Arrays.copyOf(b.toByteArray(), 12))
                .containsExactly(8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xAC, 0x02);
        assertThat(Arrays.copyOfRange(b.toByteArray(), 12, b.size()))
                .containsExactly(8, 0, 0, 0, 0, 0, 0, 4, 0, 0xAC, 0x02, 5);
        List<IndexPage.Entry> e =
                IndexPage.parse(b.toByteArray(), IndexPage.leafFooter(2), "f", 77);
        assertThat(e).hasSize(2);
        assertThat(e.get(1).offset()).isEqualTo(300);
        assertThat(e.get(1).size()).isEqualTo(5);
        assertThat(e.get(1).key()).isEqualTo(IndexedColumnWriter.ordinalKey(1024));
    }

    @Test
    void malformedPagesAreCorrupt() {
        ByteSink b = new ByteSink();
        IndexPage.addEntry(b, new byte[] {1, 2}, 2, ptr(10, 20));
        byte[] body = b.toByteArray();
        assertThatThrownBy(() -> IndexPage.parse(body, IndexPage.leafFooter(1_000_000), "f", 9))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("f")
                .hasMessageContaining("offset 9");
        assertThatThrownBy(() -> IndexPage.parse(body, IndexPage.leafFooter(0), "f", 9))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(
                        () ->
                                IndexPage.parse(
                                        body,
                                        IndexPageFooterPB.newBuilder()
                                                .setNumEntries(1)
                                                .setType(IndexPageFooterPB.Type.INTERNAL)
                                                .build(),
                                        "f",
                                        9))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("LEAF");
        byte[] bigKey = body.clone();
        bigKey[0] = 100; // key length past the end
        assertThatThrownBy(() -> IndexPage.parse(bigKey, IndexPage.leafFooter(1), "f", 9))
                .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(
                        () ->
                                IndexPage.parse(
                                        Arrays.copyOf(body, body.length - 1),
                                        IndexPage.leafFooter(1),
                                        "f",
                                        9))
                .isInstanceOf(CorruptSegmentException.class);
    }
}
