package io.strata.connector.sink;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.block.Block;
import io.strata.engine.io.FileIO;
import io.strata.engine.io.InputFile;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletsChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkFileIOTest {

    @TempDir Path dir;

    @Test
    void localPathsUseLocalFileIO() {
        assertThat(FlinkFileIO.forPath("/tmp/x")).isSameAs(LocalFileIO.INSTANCE);
        assertThat(FlinkFileIO.forPath("file:///tmp/x")).isSameAs(LocalFileIO.INSTANCE);
        assertThat(FlinkFileIO.forPath("hdfs://nn/x")).isInstanceOf(FlinkFileIO.class);
    }

    @Test
    void fileOperationsOverFlinkFileSystem() throws Exception {
        FileIO io = new FlinkFileIO();
        String base = dir.toUri().toString();
        String a = base + "sub/a.bin";
        try (OutputStream out = io.create(a)) {
            out.write("hello world".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(io.exists(a)).isTrue();
        assertThatThrownBy(() -> io.create(a)).isInstanceOf(java.io.IOException.class);
        try (InputFile in = io.open(a)) {
            assertThat(in.length()).isEqualTo(11);
            assertThat(new String(in.read(6, 5), StandardCharsets.UTF_8)).isEqualTo("world");
            assertThat(new String(in.read(0, 5), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThatThrownBy(() -> in.read(8, 4)).isInstanceOf(EOFException.class);
        }
        assertThatThrownBy(() -> io.open(base + "nope")).isInstanceOf(FileNotFoundException.class);

        assertThat(io.writeAtomically(base + "sub/v1", new byte[] {1})).isTrue();
        assertThat(io.writeAtomically(base + "sub/v1", new byte[] {2})).isFalse();
        assertThat(io.readFully(base + "sub/v1")).containsExactly(1);

        assertThat(io.list(base + "sub"))
                .extracting(FileIO.FileStatus::name)
                .containsExactly("a.bin", "v1");
        assertThat(io.list(base + "missing")).isEmpty();
        assertThat(io.delete(a)).isTrue();
        assertThat(io.delete(a)).isFalse();
        io.deleteRecursively(base + "sub");
        assertThat(io.exists(base + "sub")).isFalse();
    }

    @Test
    void theEngineRunsOverFlinkFileIO() throws Exception {
        FileIO io = new FlinkFileIO();
        String path = dir.toUri() + "table";
        try (Table t = Table.create(io, path, TestTables.unique());
                StorageEngine engine = StorageEngine.builder().flushThreads(1).build()) {
            for (int round = 0; round < 3; round++) {
                try (TabletsChannel ch = t.openChannel(engine, ChannelOptions.builder().build())) {
                    Block b = Block.create(t.schema().columns(), 100);
                    for (int k = 0; k < 100; k++) {
                        b.appendRow(k, (long) round);
                    }
                    ch.write(b);
                    assertThat(
                                    t.publish("l" + round, ch.prepareCommit(), "u", round)
                                            .alreadyPublished())
                            .isFalse();
                }
            }
            assertThat(t.latestVersion()).isEqualTo(3);
        }
        try (Table t = Table.open(io, path)) {
            List<List<Object>> rows = TestTables.read(t, -1);
            assertThat(rows).hasSize(100).allSatisfy(r -> assertThat(r.get(1)).isEqualTo(2L));
            assertThat(t.lastCommittedCheckpoint("u")).hasValue(2);
        }
    }
}
