package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;
import io.strata.engine.util.ByteSink;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden bytes below are derived by hand from the encoder rules of reference §3.1. */
class RleTest {
    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] encode(int width, long... values) {
        ByteSink s = new ByteSink();
        RleEncoder e = new RleEncoder(width, s);
        for (long v : values) {
            e.put(v);
        }
        e.flush();
        return s.toByteArray();
    }

    @Test
    void nullMapOf1000RowsWithTwoNulls() throws Exception {
        byte[] nulls = new byte[1000];
        nulls[10] = 1;
        nulls[500] = 1;
        ByteSink s = new ByteSink();
        NullMapCodec.encode(nulls, 0, 1000, s);
        // rows 0-9 zero: repeated run of 10 (14 00); group rows 10-17 = [1,0x7] literal 1 group
        // (03 01); rows 18-499 zero: repeated 482 (varint 964 = C4 07, value 00); group 500-507
        // literal (03 01); rows 508-999 zero: repeated 492 (varint 984 = D8 07, value 00)
        assertThat(s.toByteArray())
                .containsExactly(
                        bytes(
                                0x14, 0x00, 0x03, 0x01, 0xC4, 0x07, 0x00, 0x03, 0x01, 0xD8, 0x07,
                                0x00));
        byte[] back = new byte[1000];
        NullMapCodec.decode(new ByteReader(s.toByteArray(), "f", 0), 1000, back, 0);
        assertThat(back).containsExactly(nulls);
    }

    @Test
    void literalRunOfAlternatingBits() {
        assertThat(encode(1, 1, 0, 1, 0, 1, 0, 1, 0)).containsExactly(bytes(0x03, 0x55));
    }

    @Test
    void shortFinalGroupIsPackedToAByteBoundaryOnly() {
        // 3-bit values 1,2,3,4,5 LSB-first = 15 bits: D1 58; Doris's Flush does not pad the last
        // group to 8 values, only the bit writer to a byte (indicator still counts 1 group)
        assertThat(encode(3, 1, 2, 3, 4, 5)).containsExactly(bytes(0x03, 0xD1, 0x58));
    }

    @Test
    void shortRepeatAtFlushIsRepeatedRun() {
        assertThat(encode(3, 7, 7, 7)).containsExactly(bytes(0x06, 0x07));
        // 9-bit value takes 2 bytes LE
        assertThat(encode(9, 0x1FF, 0x1FF)).containsExactly(bytes(0x04, 0xFF, 0x01));
    }

    @Test
    void literalRunClosesAt63Groups() {
        long[] v = new long[65 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i + 1) & 1;
        }
        byte[] out = encode(1, v);
        assertThat(out).hasSize(1 + 63 + 1 + 2);
        assertThat(out[0]).isEqualTo((byte) 0x7F); // (63 << 1) | 1
        for (int i = 1; i <= 63; i++) {
            assertThat(out[i]).isEqualTo((byte) 0x55);
        }
        assertThat(out[64]).isEqualTo((byte) 0x05); // (2 << 1) | 1
    }

    @Test
    void repeatsAreOnlyDetectedOnGroupBoundaries() {
        // 1 then 8 zeros: group [1,0,0,0,0,0,0,0] literal; the 9th value (0) then stands alone
        // and is flushed as a padded literal group appended to the same literal run.
        assertThat(encode(1, 1, 0, 0, 0, 0, 0, 0, 0, 0)).containsExactly(bytes(0x05, 0x01, 0x00));
        // 8 zeros then 1: repeated run of 8 zeros, then a short repeated run of one 1
        assertThat(encode(1, 0, 0, 0, 0, 0, 0, 0, 0, 1))
                .containsExactly(bytes(0x10, 0x00, 0x02, 0x01));
    }

    @Test
    void randomRoundTripAllWidths() throws Exception {
        Random rnd = new Random(42);
        for (int w = 1; w <= 64; w++) {
            long mask = w == 64 ? -1L : (1L << w) - 1;
            int n = 1 + rnd.nextInt(3000);
            long[] v = new long[n];
            int i = 0;
            while (i < n) {
                long x = rnd.nextLong() & mask;
                int run = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : 1;
                for (int k = 0; k < run && i < n; k++) {
                    v[i++] = x;
                }
            }
            byte[] enc = encode(w, v);
            RleDecoder d = new RleDecoder(new ByteReader(enc, "f", 0), w);
            long[] back = new long[n];
            int half = n / 3;
            d.nextLongs(back, 0, half);
            d.skip(1);
            back[half] = v[half];
            d.nextLongs(back, half + 1, n - half - 1);
            assertThat(back).as("width %d", w).containsExactly(v);
        }
    }

    @Test
    void putRunEqualsSinglePuts() {
        Random rnd = new Random(3);
        for (int iter = 0; iter < 200; iter++) {
            ByteSink a = new ByteSink();
            ByteSink b = new ByteSink();
            RleEncoder ea = new RleEncoder(2, a);
            RleEncoder eb = new RleEncoder(2, b);
            for (int r = 0; r < 30; r++) {
                int v = rnd.nextInt(3);
                int run = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 40);
                ea.put(v, run);
                for (int k = 0; k < run; k++) {
                    eb.put(v);
                }
            }
            ea.flush();
            eb.flush();
            assertThat(a.toByteArray()).containsExactly(b.toByteArray());
        }
    }

    @Test
    void nullMapCodecEqualsValueByValueEncoding() throws Exception {
        Random rnd = new Random(12);
        for (int iter = 0; iter < 300; iter++) {
            int n = rnd.nextInt(2000);
            byte[] nulls = new byte[n + 3];
            int density = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                nulls[3 + i] = (byte) (rnd.nextInt(1 << density) == 0 ? 1 : 0);
            }
            ByteSink a = new ByteSink();
            NullMapCodec.encode(nulls, 3, n, a);
            ByteSink b = new ByteSink();
            RleEncoder e = new RleEncoder(1, b);
            for (int i = 0; i < n; i++) {
                e.put(nulls[3 + i]);
            }
            e.flush();
            assertThat(a.toByteArray()).containsExactly(b.toByteArray());
            byte[] back = new byte[n + 1];
            NullMapCodec.decode(new ByteReader(a.toByteArray(), "f", 0), n, back, 1);
            for (int i = 0; i < n; i++) {
                assertThat(back[1 + i]).isEqualTo(nulls[3 + i]);
            }
        }
    }

    @Test
    void corruptStreamsAreRejected() {
        // zero-length repeated run
        assertThatThrownBy(() -> decode(bytes(0x00, 0x01), 1, 1))
                .isInstanceOf(CorruptSegmentException.class);
        // zero-group literal run
        assertThatThrownBy(() -> decode(bytes(0x01), 1, 1))
                .isInstanceOf(CorruptSegmentException.class);
        // more values requested than encoded
        assertThatThrownBy(() -> decode(bytes(0x06, 0x01), 1, 4))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("seg");
        // literal run of 2 groups with 1 byte of data, 16 values wanted
        assertThatThrownBy(() -> decode(bytes(0x05, 0xFF), 1, 16))
                .isInstanceOf(CorruptSegmentException.class);
        // repeated value wider than the bit width
        assertThatThrownBy(() -> decode(bytes(0x02, 0x02), 1, 1))
                .isInstanceOf(CorruptSegmentException.class);
        // literal run claiming 2^30 groups (8 * groups overflows an int) with 1 byte of data
        assertThatThrownBy(() -> decode(bytes(0x81, 0x80, 0x80, 0x80, 0x08, 0xFF), 1, 16))
                .isInstanceOf(CorruptSegmentException.class);
        // truncated repeated value
        assertThatThrownBy(() -> decode(bytes(0x02), 16, 1))
                .isInstanceOf(CorruptSegmentException.class);
    }

    private static void decode(byte[] b, int w, int n) throws CorruptSegmentException {
        new RleDecoder(new ByteReader(b, "seg", 0), w).nextLongs(new long[n], 0, n);
    }
}
