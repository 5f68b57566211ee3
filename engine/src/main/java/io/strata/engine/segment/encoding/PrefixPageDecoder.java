package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;

import java.util.Arrays;

/**
 * Decoder of PREFIX_ENCODING pages (§3.8) with value seek. Entries are rebuilt sequentially from
 * the nearest restart point, so memory stays bounded by the page size however much prefix sharing a
 * (possibly corrupt) page claims. {@link #seekAtOrAfter} binary-searches the restart keys and scans
 * at most one restart interval; values must be in ascending unsigned byte order for seeks to be
 * meaningful (as in Doris's primary-key index). Restart offsets, shared lengths and the entry count
 * are all checked.
 */
public final class PrefixPageDecoder implements PageDecoder {
    private final byte[] body;
    private final int off;
    private final int entriesEnd;
    private final int count;
    private final int interval;
    private final int[] restarts;
    private final boolean stripChar;
    private final String path;
    private final long fileOffset;

    private int next; // ordinal of the next value next() returns
    private int pos; // relative byte position of the next undecoded entry
    private boolean havePeek; // cur holds value `next` (already decoded)
    private byte[] cur = new byte[64];
    private int curLen;
    private boolean lastExact;

    PrefixPageDecoder(
            byte[] body, int off, int len, boolean stripChar, String path, long fileOffset)
            throws CorruptSegmentException {
        this.body = body;
        this.off = off;
        this.stripChar = stripChar;
        this.path = path;
        this.fileOffset = fileOffset;
        if (len < 9) {
            throw new CorruptSegmentException(
                    path, fileOffset, "prefix page of " + len + " bytes has no trailer");
        }
        long r = (int) FixedValues.INT_LE.get(body, off + len - 4) & 0xFFFFFFFFL;
        if (r * 4 + 9 > len) {
            throw new CorruptSegmentException(
                    path, fileOffset + len - 4, "prefix page restart count " + r + " too large");
        }
        int numRestarts = (int) r;
        int restartsStart = len - 4 - 4 * numRestarts;
        interval = body[off + restartsStart - 1] & 0xFF;
        long n = (int) FixedValues.INT_LE.get(body, off + restartsStart - 5) & 0xFFFFFFFFL;
        entriesEnd = restartsStart - 5;
        if (interval == 0) {
            throw new CorruptSegmentException(
                    path, fileOffset + restartsStart - 1, "prefix page restart interval 0");
        }
        if ((n + interval - 1) / interval != numRestarts || n > entriesEnd) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + entriesEnd,
                    "prefix page has "
                            + n
                            + " entries but "
                            + numRestarts
                            + " restart points for interval "
                            + interval);
        }
        count = (int) n;
        restarts = new int[numRestarts];
        int prev = -1;
        for (int i = 0; i < numRestarts; i++) {
            int o = (int) FixedValues.INT_LE.get(body, off + restartsStart + 4 * i);
            if (o <= prev || o < 0 || o >= entriesEnd || (i == 0 && o != 0)) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + restartsStart + 4L * i,
                        "prefix page restart offset " + o + " out of order or range");
            }
            restarts[i] = o;
            prev = o;
        }
    }

    @Override
    public int count() {
        return count;
    }

    /** Decodes the entry at pos (ordinal k = next or later) into cur. */
    private CorruptSegmentException corrupt(int at, String what) {
        return new CorruptSegmentException(path, fileOffset + at, what);
    }

    /** Reads an unsigned varint32 at relative position p into varintValue; returns the new p. */
    private int readVarint(int p, int ordinal) throws CorruptSegmentException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= entriesEnd) {
                throw corrupt(p, "prefix entry " + ordinal + " length runs past the entries");
            }
            int b = body[off + p++];
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 28 && (b & 0xF0) != 0) {
                    break;
                }
                varintValue = result;
                return p;
            }
        }
        throw corrupt(p, "malformed varint in prefix entry " + ordinal);
    }

    private int varintValue;

    /** Decodes the entry at pos (ordinal) into cur, sharing the prefix of the previous entry. */
    private void decodeOne(int ordinal) throws CorruptSegmentException {
        if (pos >= entriesEnd) {
            throw corrupt(pos, "prefix page entries end before entry " + ordinal);
        }
        boolean restart = ordinal % interval == 0;
        if (restart && restarts[ordinal / interval] != pos) {
            throw corrupt(
                    pos,
                    "restart point "
                            + ordinal / interval
                            + " at "
                            + restarts[ordinal / interval]
                            + " but entry "
                            + ordinal
                            + " starts at "
                            + pos);
        }
        int p = readVarint(pos, ordinal);
        int shared = varintValue;
        p = readVarint(p, ordinal);
        int suffix = varintValue;
        if ((restart && shared != 0) || shared < 0 || shared > curLen) {
            throw corrupt(
                    pos, "prefix entry " + ordinal + " shares " + shared + " bytes of " + curLen);
        }
        if (suffix < 0 || suffix > entriesEnd - p) {
            throw corrupt(pos, "prefix entry " + ordinal + " suffix of " + suffix + " bytes");
        }
        int len = shared + suffix;
        if (cur.length < len) {
            cur = Arrays.copyOf(cur, Math.max(len, cur.length * 2));
        }
        System.arraycopy(body, off + p, cur, shared, suffix);
        curLen = len;
        pos = p + suffix;
        if (ordinal == count - 1 && pos != entriesEnd) {
            throw corrupt(
                    pos, "prefix page has " + (entriesEnd - pos) + " bytes after its last entry");
        }
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > count - next) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + count + " values, asked for " + n + " after " + next);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        check(n);
        BytesVector bv = BinaryPlainPageBuilder.asBytes(out);
        for (int i = 0; i < n; i++) {
            if (havePeek) {
                havePeek = false;
            } else {
                decodeOne(next);
            }
            int e = curLen;
            if (stripChar) {
                while (e > 0 && cur[e - 1] == 0) {
                    e--;
                }
            }
            bv.append(cur, 0, e);
            next++;
        }
    }

    @Override
    public void skip(int n) throws CorruptSegmentException {
        check(n);
        seekToOrdinal(next + n);
    }

    /** Positions so that the next value returned is ordinal {@code target} (≤ count). */
    public void seekToOrdinal(int target) throws CorruptSegmentException {
        if (target < 0 || target > count) {
            throw new IllegalArgumentException("ordinal " + target + " outside [0, " + count + "]");
        }
        if (target == next) {
            return;
        }
        if (target == count) {
            next = count; // nothing more will be decoded
            havePeek = false;
            return;
        }
        int r = target / interval;
        if (target < next || r * interval > next) {
            pos = restarts[r];
            next = r * interval;
            havePeek = false;
            curLen = 0;
        }
        if (havePeek && next < target) {
            havePeek = false;
            next++;
        }
        while (next < target) {
            decodeOne(next);
            next++;
        }
    }

    /**
     * Positions at the first value ≥ key (unsigned byte order) and returns its ordinal, or {@link
     * #count()} when every value is smaller. {@link #lastSeekExact()} tells whether it equals key.
     */
    public int seekAtOrAfter(byte[] key) throws CorruptSegmentException {
        // largest restart whose key < search key
        int lo = 0;
        int hi = restarts.length - 1;
        int start = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            pos = restarts[mid];
            curLen = 0;
            decodeOne(mid * interval);
            if (Arrays.compareUnsigned(cur, 0, curLen, key, 0, key.length) < 0) {
                start = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        lastExact = false;
        if (restarts.length == 0) {
            next = 0;
            havePeek = false;
            return 0;
        }
        pos = restarts[start];
        curLen = 0;
        next = start * interval;
        havePeek = false;
        while (next < count) {
            decodeOne(next);
            int c = Arrays.compareUnsigned(cur, 0, curLen, key, 0, key.length);
            if (c >= 0) {
                havePeek = true;
                lastExact = c == 0;
                return next;
            }
            next++;
        }
        return count;
    }

    /** Whether the last {@link #seekAtOrAfter} found a value equal to the key. */
    public boolean lastSeekExact() {
        return lastExact;
    }

    /** Ordinal of the value the next call to next() returns. */
    public int currentOrdinal() {
        return next;
    }
}
