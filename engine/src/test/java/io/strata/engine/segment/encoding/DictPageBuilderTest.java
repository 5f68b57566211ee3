package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.schema.DataType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dictionary's lookup table and its bytewise sort against a plain Java model, on words built to
 * collide in the places the fast paths look: equal packed prefixes, zero bytes, the 8 and 16 byte
 * boundaries, bytes above 0x7F and hundreds of thousands of words (several rehashes).
 */
class DictPageBuilderTest {
    private static byte[] randomWord(Random rnd) {
        String[] stems = {
            "", "a", "ab", "abcdefgh", "abcdefghijklmnop", "furiously ", "\0", "\u00ff"
        };
        StringBuilder sb = new StringBuilder(stems[rnd.nextInt(stems.length)]);
        int tail = rnd.nextInt(4) == 0 ? rnd.nextInt(30) : rnd.nextInt(6);
        for (int i = 0; i < tail; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> sb.append('\0');
                case 1 -> sb.append((char) ('a' + rnd.nextInt(3)));
                default -> sb.append((char) rnd.nextInt(256));
            }
        }
        String s = sb.toString();
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i); // chars 0..255 as raw bytes, so 0x80..0xFF occur
        }
        return b;
    }

    @Test
    void codesAreExactAndTheSortedDictionaryIsBytewiseOrder() {
        Random rnd = new Random(42);
        int rows = 600_000;
        BytesVector v = new BytesVector(rows, rows * 12);
        for (int i = 0; i < rows; i++) {
            byte[] w = randomWord(rnd);
            v.append(w, 0, w.length);
        }
        // large pages and dictionary: no fallback, every row gets a code
        DictPageBuilder b = new DictPageBuilder(DataType.string(), 1 << 24, 1 << 30, true, false);
        List<int[]> pages = new ArrayList<>();
        int done = 0;
        while (done < rows) {
            int n = b.add(v, null, done, rows - done);
            done += n;
            pages.add(b.takePageCodes());
        }
        int[] codes = pages.stream().flatMapToInt(Arrays::stream).toArray();
        assertThat(codes).hasSize(rows);
        // same word <=> same code, codes dense in first-appearance order
        Map<String, Integer> model = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            String key = Arrays.toString(v.getBytes(i));
            Integer expected = model.putIfAbsent(key, model.size());
            assertThat(codes[i])
                    .as("row %d", i)
                    .isEqualTo(expected == null ? model.size() - 1 : expected);
        }
        assertThat(b.dictionarySize()).isEqualTo(model.size()).isGreaterThan(100_000);
        // sorted: rank order is unsigned lexicographic order of the words
        byte[][] byCode = new byte[model.size()][];
        for (int i = 0; i < rows; i++) {
            byCode[codes[i]] = v.getBytes(i);
        }
        int[] rank = b.sortDictionary();
        byte[][] byRank = new byte[byCode.length][];
        for (int c = 0; c < byCode.length; c++) {
            assertThat(byRank[rank[c]]).isNull();
            byRank[rank[c]] = byCode[c];
        }
        byte[][] expected = byCode.clone();
        Arrays.sort(expected, Arrays::compareUnsigned);
        for (int i = 0; i < expected.length; i++) {
            assertThat(byRank[i]).as("rank %d", i).isEqualTo(expected[i]);
        }
    }
}
