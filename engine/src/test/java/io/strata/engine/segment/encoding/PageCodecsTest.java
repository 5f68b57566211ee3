package io.strata.engine.segment.encoding;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.strata.engine.segment.encoding.RleTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCodecsTest {
    private static final int PAGE = 65536;
    private static final int DICT = 262144;

    private static BytesVector strings(String... s) {
        BytesVector v = new BytesVector(s.length, 64);
        for (String x : s) {
            v.append(x);
        }
        return v;
    }

    private static byte[] finishOne(PageBuilder b, ColumnVector v) {
        assertThat(b.add(v, null, 0, v.size())).isEqualTo(v.size());
        ByteSink out = new ByteSink();
        b.finish(out);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteSink s = new ByteSink();
        for (byte[] p : parts) {
            s.putBytes(p);
        }
        return s.toByteArray();
    }

    // ---------------------------------------------------------------- golden pages (by hand)

    @Test
    void plainFixedGolden() {
        IntVector v = new IntVector(2);
        v.append(1);
        v.append(-1);
        PageBuilder b =
                PageCodecs.builder(
                        EncodingTypePB.PLAIN_ENCODING, DataType.of(FieldType.INT), PAGE, DICT);
        assertThat(finishOne(b, v))
                .containsExactly(bytes(2, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void binaryPlainGolden() throws Exception {
        PageBuilder b =
                PageCodecs.builder(EncodingTypePB.PLAIN_ENCODING, DataType.varchar(10), PAGE, DICT);
        byte[] page = finishOne(b, strings("ab", "", "xyz"));
        assertThat(page)
                .containsExactly(
                        concat(
                                ascii("abxyz"),
                                bytes(0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0)));
        assertThat(decodeStrings(EncodingTypePB.PLAIN_ENCODING, DataType.varchar(10), page, null))
                .containsExactly("ab", "", "xyz");
    }

    @Test
    void charIsZeroPaddedAndStripped() throws Exception {
        DataType c4 = DataType.charType(4);
        PageBuilder b = PageCodecs.builder(EncodingTypePB.PLAIN_ENCODING, c4, PAGE, DICT);
        byte[] page = finishOne(b, strings("ab", "wxyz"));
        assertThat(page)
                .containsExactly(
                        concat(
                                bytes('a', 'b', 0, 0, 'w', 'x', 'y', 'z'),
                                bytes(0, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0)));
        assertThat(decodeStrings(EncodingTypePB.PLAIN_ENCODING, c4, page, null))
                .containsExactly("ab", "wxyz");
        PageBuilder tooLong = PageCodecs.builder(EncodingTypePB.PLAIN_ENCODING, c4, PAGE, DICT);
        assertThatThrownBy(() -> tooLong.add(strings("abcde"), null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHAR(4)")
                .hasMessageContaining("'abcde'");
        assertThat(tooLong.count()).isZero();
        for (EncodingTypePB enc :
                new EncodingTypePB[] {
                    EncodingTypePB.DICT_ENCODING, EncodingTypePB.PREFIX_ENCODING
                }) {
            PageBuilder b2 = PageCodecs.builder(enc, c4, PAGE, DICT);
            assertThatThrownBy(() -> b2.add(strings("ok", "toolong"), null, 0, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'toolong'");
        }
        // a vector class that does not hold the type is a programming error, named
        PageBuilder ints =
                PageCodecs.builder(
                        EncodingTypePB.BIT_SHUFFLE, DataType.of(FieldType.BIGINT), PAGE, DICT);
        IntVector one = new IntVector(1);
        one.append(7);
        assertThatThrownBy(() -> ints.add(one, null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IntVector");
    }

    @Test
    void dictPageAndDictionaryGolden() throws Exception {
        DataType t = DataType.varchar(10);
        PageBuilder b = PageCodecs.builder(EncodingTypePB.DICT_ENCODING, t, PAGE, DICT);
        byte[] page = finishOne(b, strings("b", "a", "b"));
        // mode 5, then bitshuffle INT32 codes [0,1,0]: planes "02 00*31"; LZ4 = 2 literals +
        // match(offset 1, len 25) + 5 literals = 2F 02 00 01 00 06 50 00 00 00 00 00
        assertThat(page)
                .containsExactly(
                        bytes(
                                5, 0, 0, 0, 3, 0, 0, 0, 32, 0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0,
                                0, 12, 0x2F, 0x02, 0x00, 0x01, 0x00, 0x06, 0x50, 0, 0, 0, 0, 0));
        byte[] dict = b.dictionaryPageBody();
        assertThat(dict).containsExactly(bytes('b', 'a', 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0));
        Dictionary d = Dictionary.decode(dict, "f", 0);
        assertThat(decodeStrings(EncodingTypePB.DICT_ENCODING, t, page, d))
                .containsExactly("b", "a", "b");
    }

    @Test
    void prefixPageGolden() throws Exception {
        DataType t = DataType.string();
        PageBuilder b = PageCodecs.builder(EncodingTypePB.PREFIX_ENCODING, t, PAGE, DICT);
        byte[] page = finishOne(b, strings("apple", "apply", "banana"));
        assertThat(page)
                .containsExactly(
                        concat(
                                bytes(0, 5),
                                ascii("apple"),
                                bytes(4, 1),
                                ascii("y"),
                                bytes(0, 6),
                                ascii("banana"),
                                bytes(3, 0, 0, 0, 16, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertThat(decodeStrings(EncodingTypePB.PREFIX_ENCODING, t, page, null))
                .containsExactly("apple", "apply", "banana");
    }

    @Test
    void rleBoolPageGolden() throws Exception {
        ByteVector v = new ByteVector(3);
        v.append((byte) 1);
        v.append((byte) 1);
        v.append((byte) 1);
        PageBuilder b =
                PageCodecs.builder(EncodingTypePB.RLE, DataType.of(FieldType.BOOLEAN), PAGE, DICT);
        byte[] page = finishOne(b, v);
        assertThat(page).containsExactly(bytes(3, 0, 0, 0, 0x06, 0x01));
        PageDecoder d =
                PageCodecs.decoder(
                        EncodingTypePB.RLE,
                        DataType.of(FieldType.BOOLEAN),
                        page,
                        0,
                        page.length,
                        null,
                        "f",
                        0);
        ByteVector out = new ByteVector(3);
        d.next(out, 3);
        assertThat(out.values()).startsWith((byte) 1, (byte) 1, (byte) 1);
    }

    @Test
    void plainV2PagesDecode() throws Exception {
        DataType t = DataType.varchar(10);
        byte[] page = concat(bytes(2), ascii("ab"), bytes(0), bytes(2, 0, 0, 0));
        assertThat(decodeStrings(EncodingTypePB.PLAIN_ENCODING_V2, t, page, null))
                .containsExactly("ab", "");
        // dict data page in plain-v2 fallback mode (8)
        byte[] dictPage = concat(bytes(8, 0, 0, 0), page);
        assertThat(decodeStrings(EncodingTypePB.DICT_ENCODING, t, dictPage, null))
                .containsExactly("ab", "");
        byte[] trailing = concat(bytes(2), ascii("ab"), bytes(0, 9), bytes(2, 0, 0, 0));
        assertThatThrownBy(() -> decodeStrings(EncodingTypePB.PLAIN_ENCODING_V2, t, trailing, null))
                .isInstanceOf(CorruptSegmentException.class);
        byte[] overlong = concat(bytes(5), ascii("ab"), bytes(1, 0, 0, 0));
        assertThatThrownBy(() -> decodeStrings(EncodingTypePB.PLAIN_ENCODING_V2, t, overlong, null))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void rlePageIsFullOnceTheStreamReachesThePageSize() {
        PageBuilder b =
                PageCodecs.builder(EncodingTypePB.RLE, DataType.of(FieldType.BOOLEAN), 16, DICT);
        ByteVector v = new ByteVector(200);
        for (int i = 0; i < 200; i++) {
            v.append((byte) (i & 1));
        }
        // accepts everything offered, as Doris does; alternating bits = 1 byte per 8 values
        assertThat(b.add(v, null, 0, 64)).isEqualTo(64);
        assertThat(b.isFull()).isFalse();
        b.add(v, null, 64, 136);
        assertThat(b.isFull()).isTrue();
    }

    @Test
    void defaultEncodings() {
        assertThat(Encodings.defaultEncoding(FieldType.BOOLEAN)).isEqualTo(EncodingTypePB.RLE);
        assertThat(Encodings.defaultEncoding(FieldType.VARCHAR))
                .isEqualTo(EncodingTypePB.DICT_ENCODING);
        assertThat(Encodings.defaultEncoding(FieldType.CHAR))
                .isEqualTo(EncodingTypePB.DICT_ENCODING);
        assertThat(Encodings.defaultEncoding(FieldType.STRING))
                .isEqualTo(EncodingTypePB.DICT_ENCODING);
        for (FieldType t :
                new FieldType[] {
                    FieldType.TINYINT,
                    FieldType.SMALLINT,
                    FieldType.INT,
                    FieldType.BIGINT,
                    FieldType.LARGEINT,
                    FieldType.FLOAT,
                    FieldType.DOUBLE,
                    FieldType.DATEV2,
                    FieldType.DATETIMEV2,
                    FieldType.DECIMAL32,
                    FieldType.DECIMAL64,
                    FieldType.DECIMAL128I
                }) {
            assertThat(Encodings.defaultEncoding(t)).isEqualTo(EncodingTypePB.BIT_SHUFFLE);
        }
        assertThatThrownBy(
                        () ->
                                PageCodecs.builder(
                                        EncodingTypePB.RLE, DataType.of(FieldType.INT), PAGE, DICT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- round trips

    static List<String> decodeStrings(EncodingTypePB enc, DataType t, byte[] page, Dictionary d)
            throws CorruptSegmentException {
        PageDecoder dec = PageCodecs.decoder(enc, t, page, 0, page.length, d, "f", 0);
        BytesVector out = new BytesVector(dec.count(), 16);
        dec.next(out, dec.count());
        List<String> r = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            r.add(out.getString(i));
        }
        return r;
    }

    /** Random values of a fixed type, including extremes. */
    static ColumnVector randomFixed(DataType t, int n, Random rnd) {
        ColumnVector v = ColumnVector.create(t, n);
        for (int i = 0; i < n; i++) {
            int pick = rnd.nextInt(10);
            switch (t.fieldType()) {
                case BOOLEAN:
                    ((ByteVector) v).append((byte) rnd.nextInt(2));
                    break;
                case TINYINT:
                    ((ByteVector) v)
                            .append(
                                    pick == 0
                                            ? Byte.MIN_VALUE
                                            : pick == 1 ? Byte.MAX_VALUE : (byte) rnd.nextInt());
                    break;
                case SMALLINT:
                    ((ShortVector) v)
                            .append(
                                    pick == 0
                                            ? Short.MIN_VALUE
                                            : pick == 1 ? Short.MAX_VALUE : (short) rnd.nextInt());
                    break;
                case INT:
                case DATEV2:
                case DECIMAL32:
                    ((IntVector) v)
                            .append(
                                    pick == 0
                                            ? Integer.MIN_VALUE
                                            : pick == 1
                                                    ? Integer.MAX_VALUE
                                                    : pick < 5 ? rnd.nextInt(100) : rnd.nextInt());
                    break;
                case BIGINT:
                case DATETIMEV2:
                case DECIMAL64:
                    ((LongVector) v)
                            .append(
                                    pick == 0
                                            ? Long.MIN_VALUE
                                            : pick == 1
                                                    ? Long.MAX_VALUE
                                                    : pick < 5
                                                            ? rnd.nextInt(1000)
                                                            : rnd.nextLong());
                    break;
                case LARGEINT:
                case DECIMAL128I:
                    ((Int128Vector) v)
                            .append(
                                    pick == 0 ? Long.MIN_VALUE : rnd.nextLong(),
                                    pick == 1 ? -1L : rnd.nextLong());
                    break;
                case FLOAT:
                    {
                        float[] special = {
                            Float.NaN,
                            Float.POSITIVE_INFINITY,
                            Float.NEGATIVE_INFINITY,
                            -0.0f,
                            Float.MIN_VALUE,
                            Float.MAX_VALUE
                        };
                        ((FloatVector) v)
                                .append(
                                        pick < 3
                                                ? special[rnd.nextInt(special.length)]
                                                : rnd.nextFloat() * 1e6f);
                        break;
                    }
                case DOUBLE:
                    {
                        double[] special = {
                            Double.NaN,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            -0.0,
                            Double.MIN_VALUE,
                            Double.MAX_VALUE
                        };
                        ((DoubleVector) v)
                                .append(
                                        pick < 3
                                                ? special[rnd.nextInt(special.length)]
                                                : rnd.nextGaussian());
                        break;
                    }
                default:
                    throw new AssertionError(t);
            }
        }
        return v;
    }

    static final DataType[] FIXED_TYPES = {
        DataType.of(FieldType.BOOLEAN),
        DataType.of(FieldType.TINYINT),
        DataType.of(FieldType.SMALLINT),
        DataType.of(FieldType.INT),
        DataType.of(FieldType.BIGINT),
        DataType.of(FieldType.LARGEINT),
        DataType.of(FieldType.FLOAT),
        DataType.of(FieldType.DOUBLE),
        DataType.of(FieldType.DATEV2),
        DataType.datetimeV2(6),
        DataType.decimal(9, 2),
        DataType.decimal(18, 4),
        DataType.decimal(38, 10)
    };

    /**
     * Writes all values through the builder (pages as it cuts them, using a row selection), decodes
     * every page and checks the concatenation equals the input.
     */
    static void roundTrip(
            EncodingTypePB enc,
            DataType t,
            ColumnVector v,
            int pageSize,
            int dictSize,
            boolean useRows)
            throws CorruptSegmentException {
        PageBuilder b = PageCodecs.builder(enc, t, pageSize, dictSize);
        int n = v.size();
        int[] rows = null;
        if (useRows) {
            rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
        }
        List<byte[]> pages = new ArrayList<>();
        int off = 0;
        while (off < n) {
            int k = b.add(v, rows, useRows ? off : off, Math.min(n - off, 777));
            off += k;
            if (b.isFull() || k == 0) {
                assertThat(b.count()).isPositive();
                ByteSink s = new ByteSink();
                b.finish(s);
                pages.add(s.toByteArray());
            }
        }
        if (b.count() > 0 || pages.isEmpty()) {
            ByteSink s = new ByteSink();
            b.finish(s);
            pages.add(s.toByteArray());
        }
        byte[] dictBody = b.dictionaryPageBody();
        Dictionary dict = dictBody == null ? null : Dictionary.decode(dictBody, "f", 0);
        ColumnVector out = v.newEmpty(16);
        ColumnVector skipped = v.newEmpty(16);
        int total = 0;
        List<Integer> skippedRows = new ArrayList<>();
        for (byte[] p : pages) {
            PageDecoder d = PageCodecs.decoder(enc, t, p, 0, p.length, dict, "f", 0);
            int c = d.count();
            total += c;
            int first = c / 2;
            d.next(out, first);
            d.next(out, c - first);
            assertThatThrownBy(() -> d.next(out, 1)).isInstanceOf(CorruptSegmentException.class);
            // skip path
            PageDecoder d2 = PageCodecs.decoder(enc, t, p, 0, p.length, dict, "f", 0);
            d2.skip(first);
            d2.next(skipped, c - first);
            for (int k = first; k < c; k++) {
                skippedRows.add(total - c + k);
            }
        }
        assertThat(total).isEqualTo(n);
        assertThat(out.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            if (v instanceof FloatVector) {
                assertThat(Float.floatToRawIntBits(((FloatVector) out).get(i)))
                        .isEqualTo(Float.floatToRawIntBits(((FloatVector) v).get(i)));
            } else if (v instanceof DoubleVector) {
                assertThat(Double.doubleToRawLongBits(((DoubleVector) out).get(i)))
                        .isEqualTo(Double.doubleToRawLongBits(((DoubleVector) v).get(i)));
            } else {
                assertThat(out.compare(i, v, i)).as("%s %s row %d", enc, t, i).isZero();
            }
        }
        assertThat(skipped.size()).isEqualTo(skippedRows.size());
        for (int k = 0; k < skippedRows.size(); k++) {
            assertThat(skipped.compare(k, v, skippedRows.get(k))).as("skip %s %s", enc, t).isZero();
        }
    }

    @Test
    void fixedEncodingsRoundTripEveryType() throws Exception {
        Random rnd = new Random(17);
        for (DataType t : FIXED_TYPES) {
            for (EncodingTypePB enc :
                    new EncodingTypePB[] {
                        EncodingTypePB.PLAIN_ENCODING, EncodingTypePB.BIT_SHUFFLE
                    }) {
                for (int n : new int[] {0, 1, 7, 8, 9, 5000}) {
                    roundTrip(enc, t, randomFixed(t, n, rnd), 4096, DICT, n % 2 == 1);
                }
            }
        }
        for (int n : new int[] {1, 9, 20000}) {
            roundTrip(
                    EncodingTypePB.RLE,
                    DataType.of(FieldType.BOOLEAN),
                    randomFixed(DataType.of(FieldType.BOOLEAN), n, rnd),
                    64,
                    DICT,
                    false);
        }
    }

    @Test
    void fixedPagesAreFullAtPageSizeOverWidth() {
        PageBuilder b =
                PageCodecs.builder(
                        EncodingTypePB.BIT_SHUFFLE, DataType.of(FieldType.INT), PAGE, DICT);
        IntVector v = new IntVector(20000);
        for (int i = 0; i < 20000; i++) {
            v.append(i);
        }
        assertThat(b.add(v, null, 0, 20000)).isEqualTo(16384);
        assertThat(b.isFull()).isTrue();
        assertThat(b.add(v, null, 0, 1)).isZero();
        ByteSink s = new ByteSink();
        b.finish(s);
        assertThat(b.count()).isZero();
        assertThat(s.array()[0] & 0xFF | (s.array()[1] & 0xFF) << 8).isEqualTo(16384);
    }

    static BytesVector randomStrings(int n, int distinct, int maxLen, Random rnd) {
        String[] pool = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            int len = i == 0 ? 0 : rnd.nextInt(maxLen + 1);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append(
                        (char)
                                (rnd.nextBoolean()
                                        ? 'a' + rnd.nextInt(26)
                                        : 0x4e00 + rnd.nextInt(100)));
            }
            pool[i] = sb.toString();
        }
        BytesVector v = new BytesVector(n, n * 8);
        for (int i = 0; i < n; i++) {
            v.append(pool[rnd.nextInt(distinct)]);
        }
        return v;
    }

    @Test
    void stringEncodingsRoundTrip() throws Exception {
        Random rnd = new Random(23);
        DataType[] types = {DataType.varchar(300), DataType.string(), DataType.charType(255)};
        for (DataType t : types) {
            for (EncodingTypePB enc :
                    new EncodingTypePB[] {
                        EncodingTypePB.PLAIN_ENCODING,
                        EncodingTypePB.DICT_ENCODING,
                        EncodingTypePB.PREFIX_ENCODING
                    }) {
                roundTrip(enc, t, randomStrings(1, 1, 5, rnd), PAGE, DICT, false);
                roundTrip(enc, t, randomStrings(3000, 50, 20, rnd), 4096, DICT, true);
                roundTrip(enc, t, randomStrings(2000, 2000, 80, rnd), 4096, 8192, false);
            }
        }
        // one long string larger than the page
        BytesVector big = new BytesVector(1, 1);
        big.append("x".repeat(200_000));
        big.append("y");
        for (EncodingTypePB enc :
                new EncodingTypePB[] {
                    EncodingTypePB.PLAIN_ENCODING,
                    EncodingTypePB.DICT_ENCODING,
                    EncodingTypePB.PREFIX_ENCODING
                }) {
            roundTrip(enc, DataType.string(), big, PAGE, DICT, false);
        }
    }

    /**
     * Short dictionary words are matched by their packed bytes: words that pack alike unless the
     * length is checked ("a" / "a\0"), that differ only past byte 8, or sit at the 16/17-byte
     * border must keep distinct codes and read back exactly.
     */
    @Test
    void dictionaryKeepsNearlyEqualShortWordsApart() throws Exception {
        String[] words = {
            "",
            "a",
            "a\0",
            "a\0\0",
            "\0",
            "\0\0",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefghj",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "\u00ff\u00fe"
        };
        BytesVector v = new BytesVector(16, 16);
        Random rnd = new Random(5);
        for (int i = 0; i < 3000; i++) {
            v.append(words[rnd.nextInt(words.length)]);
        }
        roundTrip(EncodingTypePB.DICT_ENCODING, DataType.string(), v, 4096, DICT, true);
        roundTrip(EncodingTypePB.DICT_ENCODING, DataType.varchar(20), v, PAGE, DICT, false);
    }

    @Test
    void dictionaryFallsBackToPlainOnceFull() throws Exception {
        DataType t = DataType.string();
        PageBuilder b = PageCodecs.builder(EncodingTypePB.DICT_ENCODING, t, PAGE, 100);
        BytesVector v = new BytesVector(100, 1000);
        for (int i = 0; i < 100; i++) {
            v.append(String.format("word-%04d", i % 20)); // 9 bytes + 4 per word
        }
        // dict estimate 4 + 13 * 7 = 95 ≤ 100 with 7 words; the 8th word makes it 108 > 100,
        // so the page is full before the 9th distinct word
        int added = b.add(v, null, 0, 100);
        assertThat(added).isEqualTo(8);
        assertThat(b.isFull()).isTrue();
        ByteSink p1 = new ByteSink();
        b.finish(p1);
        assertThat(p1.array()[0]).isEqualTo((byte) 5);
        int added2 = b.add(v, null, 8, 92);
        assertThat(added2).isEqualTo(92);
        ByteSink p2 = new ByteSink();
        b.finish(p2);
        assertThat(p2.array()[0]).isEqualTo((byte) 2); // plain fallback
        assertThat(b.encoding()).isEqualTo(EncodingTypePB.DICT_ENCODING);
        Dictionary d = Dictionary.decode(b.dictionaryPageBody(), "f", 0);
        assertThat(d.size()).isEqualTo(8);
        List<String> all =
                new ArrayList<>(
                        decodeStrings(EncodingTypePB.DICT_ENCODING, t, p1.toByteArray(), d));
        all.addAll(decodeStrings(EncodingTypePB.DICT_ENCODING, t, p2.toByteArray(), d));
        for (int i = 0; i < 100; i++) {
            assertThat(all.get(i)).isEqualTo(String.format("word-%04d", i % 20));
        }
    }

    @Test
    void binaryPlainFullnessCheckedBeforeAdd() {
        PageBuilder b =
                PageCodecs.builder(EncodingTypePB.PLAIN_ENCODING, DataType.string(), 20, DICT);
        // estimate 4, then +9 = 13, then +9 = 22 > 20 -> third value refused
        assertThat(b.add(strings("aaaaa", "bbbbb", "ccccc"), null, 0, 3)).isEqualTo(2);
        assertThat(b.sizeEstimate()).isEqualTo(22);
    }

    @Test
    void prefixSeek() throws Exception {
        DataType t = DataType.string();
        PageBuilder b = PageCodecs.builder(EncodingTypePB.PREFIX_ENCODING, t, PAGE, DICT);
        BytesVector v = new BytesVector(100, 1000);
        for (int i = 0; i < 100; i++) {
            v.append(String.format("key%05d", i * 2));
        }
        byte[] page = finishOne(b, v);
        PrefixPageDecoder d =
                (PrefixPageDecoder)
                        PageCodecs.decoder(
                                EncodingTypePB.PREFIX_ENCODING,
                                t,
                                page,
                                0,
                                page.length,
                                null,
                                "f",
                                0);
        for (int k = -1; k <= 200; k++) {
            String key = k < 0 ? "a" : String.format("key%05d", k);
            int ord = d.seekAtOrAfter(key.getBytes(StandardCharsets.US_ASCII));
            int want = k < 0 ? 0 : Math.min(100, (k + 1) / 2);
            assertThat(ord).as("key %s", key).isEqualTo(want);
            assertThat(d.lastSeekExact()).isEqualTo(k >= 0 && k % 2 == 0 && k < 200);
            if (ord < 100) {
                BytesVector out = new BytesVector(2, 16);
                d.next(out, 1);
                assertThat(out.getString(0)).isEqualTo(String.format("key%05d", ord * 2));
            }
        }
        d.seekToOrdinal(37);
        BytesVector out = new BytesVector(2, 16);
        d.next(out, 2);
        assertThat(out.getString(1)).isEqualTo("key00076");
        d.seekToOrdinal(5);
        d.skip(30);
        out.reset();
        d.next(out, 1);
        assertThat(out.getString(0)).isEqualTo("key00070");
    }

    // ---------------------------------------------------------------- corruption

    @Test
    void corruptPagesAreRejected() throws Exception {
        Random rnd = new Random(99);
        DataType st = DataType.varchar(100);
        List<Object[]> cases = new ArrayList<>();
        for (EncodingTypePB enc :
                new EncodingTypePB[] {
                    EncodingTypePB.PLAIN_ENCODING,
                    EncodingTypePB.DICT_ENCODING,
                    EncodingTypePB.PREFIX_ENCODING
                }) {
            cases.add(new Object[] {enc, st, randomStrings(300, 20, 10, rnd)});
        }
        for (EncodingTypePB enc :
                new EncodingTypePB[] {EncodingTypePB.PLAIN_ENCODING, EncodingTypePB.BIT_SHUFFLE}) {
            cases.add(
                    new Object[] {
                        enc,
                        DataType.of(FieldType.BIGINT),
                        randomFixed(DataType.of(FieldType.BIGINT), 300, rnd)
                    });
        }
        cases.add(
                new Object[] {
                    EncodingTypePB.RLE,
                    DataType.of(FieldType.BOOLEAN),
                    randomFixed(DataType.of(FieldType.BOOLEAN), 300, rnd)
                });
        for (Object[] c : cases) {
            EncodingTypePB enc = (EncodingTypePB) c[0];
            DataType t = (DataType) c[1];
            ColumnVector v = (ColumnVector) c[2];
            PageBuilder b = PageCodecs.builder(enc, t, PAGE, DICT);
            byte[] page = finishOne(b, v);
            byte[] dictBody = b.dictionaryPageBody();
            Dictionary dict = dictBody == null ? null : Dictionary.decode(dictBody, "f", 0);
            // truncations: always an error (never a silent short read)
            for (int cut = 1; cut < Math.min(page.length, 40); cut++) {
                byte[] tr = java.util.Arrays.copyOf(page, page.length - cut);
                assertThatThrownBy(
                                () -> {
                                    PageDecoder d =
                                            PageCodecs.decoder(
                                                    enc, t, tr, 0, tr.length, dict, "seg", 7);
                                    d.next(v.newEmpty(300), 300);
                                })
                        .as("%s cut %d", enc, cut)
                        .isInstanceOf(CorruptSegmentException.class)
                        .hasMessageContaining("seg");
            }
            // random flips: either an error or 300 values, never another exception
            for (int iter = 0; iter < 300; iter++) {
                byte[] bad = page.clone();
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
                try {
                    PageDecoder d = PageCodecs.decoder(enc, t, bad, 0, bad.length, dict, "seg", 7);
                    ColumnVector out = v.newEmpty(300);
                    d.next(out, Math.min(300, d.count()));
                } catch (CorruptSegmentException e) {
                    assertThat(e.path()).isEqualTo("seg");
                }
            }
        }
        // dict codes beyond the dictionary
        DataType t = DataType.string();
        PageBuilder b = PageCodecs.builder(EncodingTypePB.DICT_ENCODING, t, PAGE, DICT);
        byte[] page = finishOne(b, strings("a", "b", "c"));
        Dictionary small =
                Dictionary.decode(
                        finishOne(
                                PageCodecs.builder(EncodingTypePB.PLAIN_ENCODING, t, PAGE, DICT),
                                strings("a")),
                        "f",
                        0);
        assertThatThrownBy(
                        () ->
                                PageCodecs.decoder(
                                        EncodingTypePB.DICT_ENCODING,
                                        t,
                                        page,
                                        0,
                                        page.length,
                                        small,
                                        "f",
                                        0))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("dictionary code");
        assertThatThrownBy(
                        () ->
                                PageCodecs.decoder(
                                        EncodingTypePB.DICT_ENCODING,
                                        t,
                                        page,
                                        0,
                                        page.length,
                                        null,
                                        "f",
                                        0))
                .isInstanceOf(CorruptSegmentException.class);
        // unsupported encoding for the type
        assertThatThrownBy(
                        () ->
                                PageCodecs.decoder(
                                        EncodingTypePB.RLE, t, page, 0, page.length, null, "f", 0))
                .isInstanceOf(CorruptSegmentException.class);
    }
}
