import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Per-column bytes of Parquet files (Paimon's data files, Flink's FileSink output), summed over all
 * *.parquet files under the given directories: column chunk total (compressed) size, uncompressed
 * size, codec and encodings, from the footers only. Used for the "Bytes on disk" comparison in
 * docs/benchmarks.md. Run with the bench profile's classpath (parquet-hadoop, hadoop-common):
 *
 * <pre>
 * java -cp $(cat e2e-tests/target/strata-bench-classpath.txt) e2e-tests/bench-tools/ParquetColumnSizes.java DIR...
 * </pre>
 */
public class ParquetColumnSizes {
    public static void main(String[] args) throws Exception {
        List<File> files = new ArrayList<>();
        for (String a : args) {
            collect(new File(a), files);
        }
        Map<String, long[]> cols = new LinkedHashMap<>();
        Map<String, TreeSet<String>> enc = new LinkedHashMap<>();
        long rows = 0, fileBytes = 0, chunkBytes = 0;
        Configuration conf = new Configuration();
        for (File f : files) {
            fileBytes += f.length();
            try (ParquetFileReader r =
                    ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.toURI()), conf))) {
                ParquetMetadata m = r.getFooter();
                for (BlockMetaData b : m.getBlocks()) {
                    rows += b.getRowCount();
                    for (ColumnChunkMetaData c : b.getColumns()) {
                        String name = c.getPath().toDotString();
                        long[] s = cols.computeIfAbsent(name, k -> new long[3]);
                        s[0] += c.getTotalSize();
                        s[1] += c.getTotalUncompressedSize();
                        s[2] += c.getDictionaryPageOffset() > 0 ? 1 : 0;
                        chunkBytes += c.getTotalSize();
                        TreeSet<String> e = enc.computeIfAbsent(name, k -> new TreeSet<>());
                        e.add(c.getCodec().name());
                        c.getEncodings().forEach(x -> e.add(x.name()));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d parquet files, %,d rows, %,d bytes (%.2f B/row), column chunks %,d, footers+other %,d%n",
                files.size(), rows, fileBytes, fileBytes / (double) Math.max(1, rows), chunkBytes, fileBytes - chunkBytes);
        for (Map.Entry<String, long[]> e : cols.entrySet()) {
            long[] s = e.getValue();
            System.out.printf(Locale.ROOT, "  %-18s %,12d bytes %6.3f B/row (uncompressed %,12d)  %s%n",
                    e.getKey(), s[0], s[0] / (double) Math.max(1, rows), s[1], enc.get(e.getKey()));
        }
    }

    private static void collect(File f, List<File> out) {
        if (f.isDirectory()) {
            File[] l = f.listFiles();
            if (l != null) {
                for (File x : l) {
                    collect(x, out);
                }
            }
        } else if (f.getName().endsWith(".parquet")) {
            out.add(f);
        }
    }
}
