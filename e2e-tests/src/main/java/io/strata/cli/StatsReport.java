package io.strata.cli;

import io.strata.engine.segment.SegmentStats;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints {@link SegmentStats.FileStats} (one file or a sum over files) as the text table of {@code
 * strata segment stats} and {@code strata table stats}: one line per column with its data, page
 * framing, dictionary and index bytes, then the per-file structures, then the total.
 */
final class StatsReport {
    private StatsReport() {}

    static void print(SegmentStats.FileStats s, PrintStream out) {
        long rows = Math.max(1, s.rows());
        out.printf(
                Locale.ROOT,
                "%d segment file(s), %,d rows, %,d bytes (%.2f bytes/row): data %,d, index %,d,"
                        + " footers %,d%n",
                s.files(),
                s.rows(),
                s.fileBytes(),
                s.fileBytes() / (double) rows,
                s.dataBytes(),
                s.indexBytes(),
                s.footerBytes());
        String fmt = "%-22s %-16s %-13s %-7s %6s %12s %9s %10s %9s %9s %9s %9s %12s %7s %6s%n";
        out.printf(
                Locale.ROOT,
                fmt,
                "column",
                "type",
                "encoding",
                "codec",
                "pages",
                "data",
                "framing",
                "dict",
                "ordinal",
                "zonemap",
                "bloom",
                "bitmap",
                "total",
                "B/row",
                "share");
        for (SegmentStats.ColumnStats c : s.columns()) {
            out.printf(
                    Locale.ROOT,
                    fmt,
                    c.name(),
                    c.type(),
                    c.encoding(),
                    c.compression(),
                    String.format(Locale.ROOT, "%,d", c.dataPages()),
                    String.format(Locale.ROOT, "%,d", c.dataBytes()),
                    String.format(Locale.ROOT, "%,d", c.pageFramingBytes()),
                    String.format(Locale.ROOT, "%,d", c.dictBytes()),
                    String.format(Locale.ROOT, "%,d", c.ordinalIndexBytes()),
                    String.format(Locale.ROOT, "%,d", c.zoneMapBytes()),
                    String.format(Locale.ROOT, "%,d", c.bloomFilterBytes()),
                    String.format(Locale.ROOT, "%,d", c.bitmapIndexBytes()),
                    String.format(Locale.ROOT, "%,d", c.totalBytes()),
                    String.format(Locale.ROOT, "%.2f", c.totalBytes() / (double) rows),
                    pct(c.totalBytes(), s.fileBytes()));
        }
        line(out, "short-key index", s.shortKeyBytes(), s);
        line(out, "primary-key index", s.primaryKeyIndexBytes(), s);
        line(out, "footers + trailers", s.footerBytes(), s);
        if (s.otherBytes() != 0) {
            line(out, "unattributed", s.otherBytes(), s);
        }
    }

    private static void line(PrintStream out, String what, long bytes, SegmentStats.FileStats s) {
        if (bytes == 0 && !what.startsWith("footers")) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-22s %,12d bytes %7.2f B/row %6s%n",
                what,
                bytes,
                bytes / (double) Math.max(1, s.rows()),
                pct(bytes, s.fileBytes()));
    }

    private static String pct(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }
}
