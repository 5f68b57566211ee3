package io.strata.engine.segment.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyBufferTest {
    @Test
    void appendsBigEndianAndVarintsAndGrows() {
        KeyBuffer b = new KeyBuffer(1);
        b.append((byte) 1).appendShortBE((short) 0x0203).appendIntBE(0x04050607);
        b.appendLongBE(0x08090A0B0C0D0E0FL);
        assertThat(b.toByteArray())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        b.reset();
        b.appendVarint32(0).appendVarint32(127).appendVarint32(128).appendVarint32(300);
        b.appendVarint32(-1);
        assertThat(b.toByteArray())
                .containsExactly(0, 0x7F, 0x80, 0x01, 0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
        b.setLength(2);
        b.setLength(4);
        assertThat(b.toByteArray()).containsExactly(0, 0x7F, 0, 0);
        b.reset();
        byte[] big = new byte[10_000];
        big[9_999] = 42;
        b.append(big, 0, big.length).appendRepeated((byte) 7, 3);
        assertThat(b.length()).isEqualTo(10_003);
        assertThat(b.array()[9_999]).isEqualTo((byte) 42);
        assertThat(b.array()[10_002]).isEqualTo((byte) 7);
    }
}
