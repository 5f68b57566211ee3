package io.strata.engine.segment;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.column.BitmapIndexIO;
import io.strata.engine.segment.column.ColumnCursor;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.engine.segment.index.BloomFilterBuilder;
import io.strata.engine.segment.index.KeyBuffer;
import io.strata.engine.segment.index.KeyEncoding;
import io.strata.engine.segment.index.ZoneMapBuilder;
import io.strata.proto.segment.ZoneMapPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deep check of one segment: decodes every data page of every column and re-derives each index from
 * the decoded values, comparing with what the file stores: page and segment zone maps, page bloom
 * filters (byte-equal, and every value must be found), bitmap index row sets, and the short keys of
 * rows 0, 1024, .... Ordinal consistency is checked while pages load. Used by {@code strata segment
 * verify}.
 */
public final class SegmentVerifier {
    private SegmentVerifier() {}

    /** Problems found (empty = the segment is consistent); I/O and corruption errors are thrown. */
    public static List<String> verify(SegmentReader reader) throws IOException {
        List<String> problems = new ArrayList<>();
        int n = reader.schema().numColumns();
        int numRows = reader.numRows();
        ColumnVector[] whole = new ColumnVector[n];
        for (int c = 0; c < n; c++) {
            ColumnReader cr = reader.column(c);
            if (cr == null) {
                continue; // column added after the segment was written
            }
            Column col = cr.column();
            DataType t = col.type();
            ColumnCursor cur = cr.cursor(new AtomicLong(), new AtomicLong());
            ColumnVector all = ColumnVector.create(t, Math.max(16, Math.min(numRows, 1 << 20)));
            ZoneMapBuilder zm = cr.segmentZoneMap() != null ? new ZoneMapBuilder(t) : null;
            BloomFilterBuilder bf =
                    cr.hasBloomFilter()
                            ? new BloomFilterBuilder(reader.schema().bloomFilterFpp())
                            : null;
            for (int p = 0; p < cr.numPages(); p++) {
                int start = all.size();
                long first = cr.pageFirstRow(p);
                int rows = (int) (cr.pageEndRow(p) - first);
                cur.seek(first);
                cur.read(rows, all);
                if (zm != null) {
                    zm.add(all, start, rows);
                    ZoneMapPB z = zm.finishPage(rows);
                    if (!z.equals(cr.pageZoneMap(p))) {
                        problems.add(
                                col.name()
                                        + " page "
                                        + p
                                        + ": zone map "
                                        + text(cr.pageZoneMap(p))
                                        + " does not match the data "
                                        + text(z));
                    }
                }
                if (bf != null) {
                    bf.add(all, t, start, rows);
                    byte[] b = bf.finishPage();
                    if (!Arrays.equals(b, cr.pageBloom(p))) {
                        problems.add(
                                col.name()
                                        + " page "
                                        + p
                                        + ": bloom filter differs from one built from the data");
                    }
                    io.strata.engine.segment.index.BloomFilter stored =
                            io.strata.engine.segment.index.BloomFilter.of(
                                    cr.pageBloom(p), reader.path(), 0);
                    for (int r = start; r < start + rows; r++) {
                        Object v = all.getObject(t, r);
                        if (v == null ? !stored.hasNull() : !stored.mightContain(t, v)) {
                            problems.add(
                                    col.name()
                                            + " row "
                                            + (first + r - start)
                                            + ": value "
                                            + v
                                            + " missing from the page bloom filter");
                            break;
                        }
                    }
                }
            }
            if (all.size() != numRows) {
                problems.add(
                        col.name() + ": pages hold " + all.size() + " rows, segment " + numRows);
            }
            if (zm != null && !zm.segmentZoneMap().equals(cr.segmentZoneMap())) {
                problems.add(
                        col.name()
                                + ": segment zone map "
                                + text(cr.segmentZoneMap())
                                + " does not match the data "
                                + text(zm.segmentZoneMap()));
            }
            if (cr.hasBitmapIndex()) {
                BitmapIndexIO.verify(cr, all, problems);
            }
            whole[c] = all;
        }
        ShortKeyPage.Index sk = reader.shortKeyIndex();
        boolean keysPresent = true;
        for (int i = 0; i < reader.schema().numShortKeyColumns(); i++) {
            keysPresent &= whole[i] != null;
        }
        if (sk != null && keysPresent) {
            int nsk = reader.schema().numShortKeyColumns();
            Column[] keyCols = new Column[nsk];
            for (int i = 0; i < nsk; i++) {
                keyCols[i] = reader.schema().column(i);
            }
            KeyBuffer kb = new KeyBuffer();
            int per = sk.rowsPerBlock();
            for (int e = 0; e < sk.numEntries(); e++) {
                int row = e * per;
                kb.reset();
                KeyEncoding.encodeShortKey(whole, keyCols, row, nsk, kb);
                if (!Arrays.equals(kb.toByteArray(), sk.entry(e))) {
                    problems.add("short-key entry " + e + " does not match row " + row);
                }
            }
        }
        return problems;
    }

    private static String text(ZoneMapPB z) {
        if (z == null) {
            return "(none)";
        }
        return "{min '"
                + z.getMin().toStringUtf8()
                + "', max '"
                + z.getMax().toStringUtf8()
                + "', has_null "
                + z.getHasNull()
                + ", has_not_null "
                + z.getHasNotNull()
                + ", pass_all "
                + z.getPassAll()
                + "}";
    }
}
