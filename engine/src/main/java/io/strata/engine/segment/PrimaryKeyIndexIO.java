package io.strata.engine.segment;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.column.IndexedColumnReader;
import io.strata.engine.segment.column.SegmentFile;
import io.strata.engine.segment.index.BloomFilter;
import io.strata.proto.segment.PrimaryKeyIndexMetaPB;

import java.io.IOException;
import java.util.Arrays;

/** Reads and checks the primary-key index of a merge-on-write segment (reference §4.6). */
final class PrimaryKeyIndexIO {
    private PrimaryKeyIndexIO() {}

    /** All primary keys (with any sequence suffix), checked for count and strict order. */
    static BytesVector readKeys(SegmentFile file, PrimaryKeyIndexMetaPB meta, int numRows)
            throws IOException {
        String path = file.path();
        ColumnVector v =
                IndexedColumnReader.readAll(
                        file, meta.getPrimaryKeyIndex(), DataType.string(), "primary-key index");
        if (v.size() != numRows) {
            throw new CorruptSegmentException(
                    path,
                    0,
                    "primary-key index holds " + v.size() + " keys for " + numRows + " rows");
        }
        BytesVector keys = (BytesVector) v;
        int[] off = keys.offsets();
        byte[] d = keys.data();
        for (int i = 1; i < numRows; i++) {
            if (Arrays.compareUnsigned(d, off[i - 1], off[i], d, off[i], off[i + 1]) >= 0) {
                throw new CorruptSegmentException(
                        path, file.dataLimit(), "primary keys out of order at row " + i);
            }
        }
        return keys;
    }

    /** Checks the index, its bloom filter and the min/max keys. */
    static void check(SegmentFile file, PrimaryKeyIndexMetaPB meta, int numRows)
            throws IOException {
        String path = file.path();
        readKeys(file, meta, numRows);
        ColumnVector bf =
                IndexedColumnReader.readAll(
                        file,
                        meta.getBloomFilterIndex().getBloomFilterIndex().getBloomFilter(),
                        DataType.string(),
                        "primary-key bloom filter");
        if (bf.size() != 1) {
            throw new CorruptSegmentException(
                    path, file.dataLimit(), "primary-key bloom filter count " + bf.size());
        }
        BloomFilter.of(((BytesVector) bf).getBytes(0), path, 0);
    }
}
