package io.strata.connector.sink;

import io.strata.connector.RecordConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Flink's connector testing framework against the DataStream sink: basic sink, start from
 * savepoint, scale up, scale down and writer metrics, exactly-once semantics. Records are Strings
 * written into a DUP table with one VARCHAR column (RANDOM distribution, 8 buckets).
 */
class StrataSinkTestSuiteTest extends SinkTestSuiteBase<String> {

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestContext
    ExternalContextFactory<StringTableContext> contexts = name -> new StringTableContext();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    /** Appends the String as the single VARCHAR column. */
    static final class StringConverter implements RecordConverter<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean append(String record, Block block) {
            byte[] b = record.getBytes(StandardCharsets.UTF_8);
            ((BytesVector) block.vector(0)).append(b, 0, b.length);
            return true;
        }
    }

    /** One table per test case; the reader returns rows committed since its previous poll. */
    static final class StringTableContext implements DataStreamSinkV2ExternalContext<String> {
        private final Path dir;
        private final String tablePath;

        StringTableContext() {
            try {
                dir = Files.createTempDirectory("strata-suite");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tablePath = dir.resolve("t").toString();
        }

        static TableDescriptor descriptor() {
            TabletSchema s =
                    TabletSchema.builder(KeysType.DUP_KEYS)
                            .column(
                                    Column.builder("s", DataType.varchar(256))
                                            .key(true)
                                            .nullable(false)
                                            .build())
                            .build();
            return TableDescriptor.builder(s).distribution(List.of()).buckets(8).build();
        }

        @Override
        public Sink<String> createSink(TestingSinkSettings settings) {
            return StrataSink.<String>builder()
                    .tablePath(tablePath)
                    .descriptor(descriptor())
                    .createIfMissing(true)
                    .converter(new StringConverter())
                    .build();
        }

        @Override
        public ExternalSystemDataReader<String> createSinkDataReader(TestingSinkSettings settings) {
            Map<String, Integer> returned = new HashMap<>();
            return new ExternalSystemDataReader<>() {
                @Override
                public List<String> poll(Duration timeout) {
                    List<String> out = new ArrayList<>();
                    try {
                        if (!Table.exists(LocalFileIO.INSTANCE, tablePath)) {
                            return out;
                        }
                        Map<String, Integer> now = new HashMap<>();
                        for (List<Object> r : TestTables.read(tablePath)) {
                            now.merge((String) r.get(0), 1, Integer::sum);
                        }
                        for (Map.Entry<String, Integer> e : now.entrySet()) {
                            int before = returned.getOrDefault(e.getKey(), 0);
                            for (int i = before; i < e.getValue(); i++) {
                                out.add(e.getKey());
                            }
                            returned.put(e.getKey(), Math.max(before, e.getValue()));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return out;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public List<String> generateTestData(TestingSinkSettings settings, long seed) {
            Random rnd = new Random(seed);
            int n = 200 + rnd.nextInt(300);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                int len = 1 + rnd.nextInt(40);
                for (int j = 0; j < len; j++) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
                out.add(sb.toString());
            }
            return out;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }

        @Override
        public List<URL> getConnectorJarPaths() {
            return List.of();
        }

        @Override
        public void close() throws IOException {
            LocalFileIO.INSTANCE.deleteRecursively(dir.toString());
        }
    }
}
