package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * DICT_ENCODING for strings (§3.7). Each data page body is {@code [u32 mode]} then, in mode 5, a
 * BIT_SHUFFLE page of INT32 codes, or, in mode 2, a binary plain page. Codes are assigned in first
 * appearance order for the whole segment column. The dictionary page (words in code order as a
 * binary plain page) is available from {@link #dictionaryPageBody()} after the last page. Once the
 * dictionary's size estimate (4 + Σ(len + 4)) exceeds dictPageSize, the current page is full and
 * every later page falls back to plain mode; the column encoding stays DICT_ENCODING.
 *
 * <p>Lookups use an open-addressing table of codes keyed by a 64-bit hash of the word bytes; words
 * live in one byte buffer, so no object is created per row or per word.
 *
 * <p>Sorted mode ({@link #sortsDictionary()}): the column writer keeps the codes of dict-mode pages
 * ({@link #takePageCodes()}) until the dictionary is final (it filled up, or the column ends), then
 * {@link #sortDictionary()} orders the words bytewise and returns the code mapping, and the pages
 * are encoded with the new codes ({@link #encodeCodes}). A Doris reader maps codes to words through
 * the dictionary page whatever their order; sorted words share prefixes with their neighbours,
 * which the page codec compresses far better than words in arrival order.
 */
public final class DictPageBuilder implements PageBuilder {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MODE_DICT = EncodingTypePB.DICT_ENCODING_VALUE;
    private static final int MODE_PLAIN = EncodingTypePB.PLAIN_ENCODING_VALUE;

    private final int dictPageSize;
    private final int codeCapacity;
    private final BinaryPlainPageBuilder plain;
    private boolean plainMode;

    // dictionary words
    private final ByteSink words = new ByteSink(4096);
    private int[] wordStart = new int[256];
    private int numWords;
    private long dictEstimate = 4;

    // hash table: slot -> code + 1 (0 = empty)
    private int[] table = new int[1024];
    private long[] wordHash = new long[256];
    // Words of at most 16 bytes are also kept packed in two little-endian longs (zero-filled), so
    // a lookup hit compares two longs instead of calling Arrays.equals on the word bytes:
    // low-cardinality columns (flags, modes) hit on every value.
    private long[] wordK0 = new long[256];
    private long[] wordK1 = new long[256];

    // codes of the current page (+ padding room for bitshuffle)
    private final byte[] codes;
    private int count;
    private final CharPadder padder;

    private final boolean sorted;
    private final boolean literalBlocks;
    private byte[] encodeScratch = new byte[0];

    DictPageBuilder(DataType type, int dataPageSize, int dictPageSize) {
        this(type, dataPageSize, dictPageSize, false, false);
    }

    DictPageBuilder(
            DataType type,
            int dataPageSize,
            int dictPageSize,
            boolean sorted,
            boolean literalBlocks) {
        this.sorted = sorted;
        this.literalBlocks = literalBlocks;
        this.dictPageSize = dictPageSize;
        this.padder = new CharPadder(type);
        this.codeCapacity = Math.max(1, dataPageSize / 4);
        this.codes = new byte[(codeCapacity + 8) * 4];
        this.plain = new BinaryPlainPageBuilder(type, dataPageSize);
        wordStart[0] = 0;
    }

    /** True once the builder writes plain pages. */
    public boolean inPlainMode() {
        return plainMode;
    }

    /** Number of distinct words so far. */
    int dictionarySize() {
        return numWords;
    }

    private boolean dictFull() {
        return dictEstimate > dictPageSize;
    }

    @Override
    public int add(ColumnVector vec, int[] rows, int off, int n) {
        if (plainMode) {
            return plain.add(vec, rows, off, n);
        }
        BytesVector bv = BinaryPlainPageBuilder.asBytes(vec);
        byte[] src = bv.data();
        int[] so = bv.offsets();
        int i = 0;
        for (; i < n; i++) {
            if (isFull()) {
                break;
            }
            int r = rows == null ? off + i : rows[off + i];
            int s = so[r];
            padder.set(src, s, so[r + 1] - s);
            int code = lookupOrAdd(padder.array, padder.start, padder.len);
            if (code < 0) {
                break; // dictionary full: the page is full
            }
            FixedValues.INT_LE.set(codes, count * 4, code);
            count++;
        }
        return i;
    }

    static long hash(byte[] b, int s, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long k = (long) LONG_LE.get(b, s + i);
            h = (h ^ (k * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        long k = 0;
        for (int sh = 0; i < len; i++, sh += 8) {
            k |= (b[s + i] & 0xFFL) << sh;
        }
        h = (h ^ (k * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return h;
    }

    /** Mask of the low {@code n} bytes of a long (all of them from 8 on). */
    private static long lowBytes(int n) {
        return n >= 8 ? -1L : (1L << (8 * n)) - 1;
    }

    /** Hash of a word of at most 16 bytes from its packed bytes (same mixing as {@link #hash}). */
    static long smallHash(long k0, long k1, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        h = (h ^ (k0 * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h = (h ^ (k1 * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return h;
    }

    /** The code of the word, adding it when new; -1 when new and the dictionary is full. */
    private int lookupOrAdd(byte[] b, int s, int len) {
        long k0 = 0;
        long k1 = 0;
        boolean small = len <= 16;
        long h;
        if (small) {
            if (s + 16 <= b.length) {
                // two word loads, bytes past the word masked off
                k0 = (long) LONG_LE.get(b, s) & lowBytes(len);
                k1 = len > 8 ? (long) LONG_LE.get(b, s + 8) & lowBytes(len - 8) : 0;
            } else {
                for (int i = 0, sh = 0; i < Math.min(len, 8); i++, sh += 8) {
                    k0 |= (b[s + i] & 0xFFL) << sh;
                }
                for (int i = 8, sh = 0; i < len; i++, sh += 8) {
                    k1 |= (b[s + i] & 0xFFL) << sh;
                }
            }
            h = smallHash(k0, k1, len);
        } else {
            h = hash(b, s, len);
        }
        int mask = table.length - 1;
        int slot = (int) h & mask;
        while (true) {
            int e = table[slot];
            if (e == 0) {
                break;
            }
            int code = e - 1;
            if (wordHash[code] == h) {
                int ws = wordStart[code];
                int wl = wordStart[code + 1] - ws;
                if (wl == len) {
                    if (small) {
                        if (wordK0[code] == k0 && wordK1[code] == k1) {
                            return code;
                        }
                    } else if (Arrays.equals(words.array(), ws, ws + wl, b, s, s + len)) {
                        return code;
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
        if (dictFull()) {
            return -1;
        }
        int code = numWords;
        if (code + 2 > wordStart.length) {
            wordStart = Arrays.copyOf(wordStart, wordStart.length * 2);
            wordHash = Arrays.copyOf(wordHash, wordHash.length * 2);
            wordK0 = Arrays.copyOf(wordK0, wordK0.length * 2);
            wordK1 = Arrays.copyOf(wordK1, wordK1.length * 2);
        }
        words.putBytes(b, s, len);
        wordStart[code + 1] = words.size();
        wordHash[code] = h;
        wordK0[code] = k0;
        wordK1[code] = k1;
        table[slot] = code + 1;
        numWords++;
        dictEstimate += len + 4L;
        if (numWords * 2 > table.length) {
            rehash();
        }
        return code;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int c = 0; c < numWords; c++) {
            int slot = (int) wordHash[c] & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = c + 1;
        }
        table = t;
    }

    @Override
    public boolean isFull() {
        if (plainMode) {
            return plain.isFull();
        }
        return count >= codeCapacity || dictFull();
    }

    @Override
    public int count() {
        return plainMode ? plain.count() : count;
    }

    @Override
    public long sizeEstimate() {
        return plainMode ? 4 + plain.sizeEstimate() : 4 + BitShuffle.HEADER_SIZE + 4L * count;
    }

    @Override
    public void finish(ByteSink out) {
        if (plainMode) {
            out.putIntLE(MODE_PLAIN);
            plain.finish(out);
            return;
        }
        if (sorted) {
            throw new IllegalStateException("sorted dictionary pages are encoded by encodeCodes");
        }
        out.putIntLE(MODE_DICT);
        BitShuffle.encode(codes, count, 4, out);
        count = 0;
        if (dictFull()) {
            plainMode = true; // Doris switches after the page that filled the dictionary
        }
    }

    /** True when dict-mode pages must be deferred until {@link #sortDictionary()}. */
    public boolean sortsDictionary() {
        return sorted;
    }

    /**
     * Sorted mode: the codes of the current dict-mode page (a copy), resetting it for the next
     * page; as {@link #finish} it switches to plain mode when the dictionary is full.
     */
    public int[] takePageCodes() {
        if (plainMode) {
            throw new IllegalStateException("the builder is in plain mode");
        }
        int[] c = new int[count];
        for (int i = 0; i < count; i++) {
            c[i] = (int) FixedValues.INT_LE.get(codes, i * 4);
        }
        count = 0;
        if (dictFull()) {
            plainMode = true;
        }
        return c;
    }

    /**
     * Sorts the dictionary words bytewise (unsigned) and returns {@code newCode[oldCode]}. Call
     * once, when no word will be added any more (plain mode, or after the last page).
     */
    public int[] sortDictionary() {
        int n = numWords;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        byte[] w = words.array();
        int[] tmp = new int[n];
        mergeSort(order, tmp, 0, n, w);
        int[] rank = new int[n];
        ByteSink sortedWords = new ByteSink(Math.max(16, words.size()));
        int[] starts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int c = order[i];
            rank[c] = i;
            sortedWords.putBytes(w, wordStart[c], wordStart[c + 1] - wordStart[c]);
            starts[i + 1] = sortedWords.size();
        }
        words.reset();
        words.putBytes(sortedWords.array(), 0, sortedWords.size());
        wordStart = starts;
        // the hash table is stale now; only plain pages may follow
        table = null;
        wordHash = null;
        wordK0 = null;
        wordK1 = null;
        plainMode = true;
        return rank;
    }

    private int compareWords(byte[] w, int a, int b) {
        return Arrays.compareUnsigned(
                w, wordStart[a], wordStart[a + 1], w, wordStart[b], wordStart[b + 1]);
    }

    private void mergeSort(int[] a, int[] tmp, int lo, int hi, byte[] w) {
        if (hi - lo < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= lo && compareWords(w, a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, w);
        mergeSort(a, tmp, mid, hi, w);
        if (compareWords(w, a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && compareWords(w, tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Appends a dict-mode page body ({@code [u32 mode 5][BIT_SHUFFLE codes]}) for codes. */
    public void encodeCodes(int[] pageCodes, int[] remap, ByteSink out) {
        int n = pageCodes.length;
        int need = ((n + 8) & ~7) * 4;
        if (encodeScratch.length < need) {
            encodeScratch = new byte[need];
        }
        for (int i = 0; i < n; i++) {
            FixedValues.INT_LE.set(encodeScratch, i * 4, remap[pageCodes[i]]);
        }
        out.putIntLE(MODE_DICT);
        BitShuffle.encode(encodeScratch, n, 4, out, literalBlocks);
    }

    @Override
    public byte[] dictionaryPageBody() {
        ByteSink out = new ByteSink(words.size() + 4 * numWords + 4);
        out.putBytes(words.array(), 0, words.size());
        for (int i = 0; i < numWords; i++) {
            out.putIntLE(wordStart[i]);
        }
        out.putIntLE(numWords);
        return out.toByteArray();
    }

    @Override
    public EncodingTypePB encoding() {
        return EncodingTypePB.DICT_ENCODING;
    }
}
