package io.strata.engine.segment.column;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.segment.encoding.Encodings;
import io.strata.engine.segment.index.BitmapIndexBuilder;
import io.strata.engine.segment.index.BitmapIndexReader;
import io.strata.proto.segment.BitmapIndexPB;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnIndexTypePB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.IndexedColumnMetaPB;

import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.util.List;

/**
 * Writes and reads a column's bitmap index (reference §4.5): a dictionary IndexedColumn of the
 * sorted distinct values (column type, value-seek encoding, value index, LZ4F) and a bitmap
 * IndexedColumn (type 25, PLAIN, NO_COMPRESSION, ordinal index) with one serialized Roaring bitmap
 * per dictionary value plus a trailing bitmap of NULL rows when {@code has_null}.
 */
public final class BitmapIndexIO {
    private BitmapIndexIO() {}

    public static ColumnIndexMetaPB write(
            PositionedOutput out,
            BitmapIndexBuilder builder,
            DataType type,
            CompressionTypePB codec)
            throws IOException {
        BitmapIndexBuilder.Result res = builder.finish();
        IndexedColumnWriter dict =
                new IndexedColumnWriter(
                        type,
                        type.fieldType().id,
                        Encodings.valueSeekEncoding(type.fieldType()),
                        CompressionTypePB.LZ4F,
                        IndexedColumnWriter.DEFAULT_PAGE_SIZE,
                        false,
                        true);
        ColumnVector dv = res.dictValues();
        dict.add(dv, 0, dv.size());
        IndexedColumnMetaPB dictMeta = dict.finish(out);
        IndexedColumnWriter bm =
                new IndexedColumnWriter(
                        DataType.string(),
                        ColumnWriter.BITMAP_TYPE_ID,
                        EncodingTypePB.PLAIN_ENCODING,
                        CompressionTypePB.NO_COMPRESSION,
                        IndexedColumnWriter.DEFAULT_PAGE_SIZE,
                        true,
                        false);
        BytesVector bv = (BytesVector) bm.values();
        for (byte[] b : res.serializedBitmaps()) {
            bv.append(b);
        }
        IndexedColumnMetaPB bmMeta = bm.finish(out);
        return ColumnIndexMetaPB.newBuilder()
                .setType(ColumnIndexTypePB.BITMAP_INDEX)
                .setBitmapIndex(
                        BitmapIndexPB.newBuilder()
                                .setBitmapType(BitmapIndexPB.BitmapType.ROARING_BITMAP)
                                .setHasNull(res.hasNull())
                                .setDictColumn(dictMeta)
                                .setBitmapColumn(bmMeta))
                .build();
    }

    /** Loads the index into {@code r}, checking counts, order and that bitmaps are in range. */
    static void read(SegmentFile file, ColumnReader r, ColumnIndexMetaPB ix, String what)
            throws IOException {
        if (!ix.hasBitmapIndex()) {
            throw new CorruptSegmentException(
                    file.path(), file.dataLimit(), what + ": empty bitmap index meta");
        }
        BitmapIndexPB b = ix.getBitmapIndex();
        ColumnVector dict =
                IndexedColumnReader.readAll(
                        file, b.getDictColumn(), r.type, what + " bitmap dictionary");
        ColumnVector bms =
                IndexedColumnReader.readAll(
                        file, b.getBitmapColumn(), DataType.string(), what + " bitmaps");
        int expect = dict.size() + (b.getHasNull() ? 1 : 0);
        if (bms.size() != expect) {
            throw new CorruptSegmentException(
                    file.path(),
                    0,
                    what + ": " + bms.size() + " bitmaps for " + expect + " entries");
        }
        for (int i = 1; i < dict.size(); i++) {
            if (dict.compare(i - 1, dict, i) >= 0) {
                throw new CorruptSegmentException(
                        file.path(),
                        file.dataLimit(),
                        what + ": bitmap dictionary out of order at " + i);
            }
        }
        BytesVector bv = (BytesVector) bms;
        RoaringBitmap[] out = new RoaringBitmap[expect];
        for (int i = 0; i < expect; i++) {
            out[i] =
                    BitmapIndexReader.deserialize(
                            bv.data(), bv.start(i), bv.length(i), file.path(), file.dataLimit());
            if (!out[i].isEmpty() && (out[i].last() & 0xFFFFFFFFL) >= r.numRows) {
                throw new CorruptSegmentException(
                        file.path(),
                        0,
                        what
                                + ": bitmap "
                                + i
                                + " names row "
                                + out[i].last()
                                + " beyond "
                                + r.numRows);
            }
        }
        r.bitmapDict = dict;
        r.bitmaps = out;
        r.bitmapHasNull = b.getHasNull();
    }

    /** Verifier: rebuilds the index from the decoded column and compares row sets. */
    public static void verify(ColumnReader r, ColumnVector all, List<String> problems) {
        BitmapIndexBuilder b = new BitmapIndexBuilder(r.type);
        b.add(all, 0, all.size(), 0);
        BitmapIndexBuilder.Result res = b.finish();
        String name = r.column.name();
        if (res.dictValues().size() != r.bitmapDict.size()
                || res.bitmaps().size() != r.bitmaps.length
                || res.hasNull() != r.bitmapHasNull) {
            problems.add(
                    name
                            + ": bitmap index has "
                            + r.bitmapDict.size()
                            + " values, data has "
                            + res.dictValues().size());
            return;
        }
        for (int i = 0; i < r.bitmapDict.size(); i++) {
            if (res.dictValues().compare(i, r.bitmapDict, i) != 0) {
                problems.add(name + ": bitmap dictionary value " + i + " differs from the data");
                return;
            }
        }
        List<RoaringBitmap> want = res.bitmaps();
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).equals(r.bitmaps[i])) {
                problems.add(name + ": bitmap " + i + " rows differ from the data");
            }
        }
    }
}
