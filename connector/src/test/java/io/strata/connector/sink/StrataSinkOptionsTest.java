package io.strata.connector.sink;

import io.strata.connector.StrataSinkOptions;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrataSinkOptionsTest {

    @Test
    void defaults() {
        StrataSinkOptions o = StrataSinkOptions.defaults();
        assertThat(o.memtableSizeBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(o.flushRunningCountLimit()).isEqualTo(2);
        assertThat(o.bufferRows()).isEqualTo(4096);
        assertThat(o.strict()).isTrue();
        assertThat(o.maxFilterRatio()).isZero();
        assertThat(o.ignoreDelete()).isFalse();
        assertThat(o.memoryBudgetBytes()).isGreaterThanOrEqualTo(64L << 20);
        assertThat(o.compactionWaitTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
    }

    @Test
    void compactionWaitTimeoutIsAPositiveDuration() {
        assertThat(
                        StrataSinkOptions.fromMap(Map.of("sink.compaction.wait-timeout", "30 s"))
                                .compactionWaitTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(
                        StrataSinkOptions.fromMap(Map.of("sink.compaction.wait-timeout", "2min"))
                                .compactionWaitTimeout())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        for (String bad : new String[] {"soon", "0 s", "-1 s"}) {
            assertThatThrownBy(
                            () ->
                                    StrataSinkOptions.fromMap(
                                            Map.of("sink.compaction.wait-timeout", bad)))
                    .hasMessageContaining("sink.compaction.wait-timeout")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void parsesValues() {
        StrataSinkOptions o =
                StrataSinkOptions.fromMap(
                        Map.of(
                                "sink.memtable.size", "64kb",
                                "sink.memory.budget", "2 GB",
                                "sink.flush.threads", "3",
                                "sink.flush.running-count-limit", "5",
                                "sink.buffer-rows", "100",
                                "sink.strict", "FALSE",
                                "sink.max-filter-ratio", "0.25",
                                "sink.ignore-delete", "true",
                                "connector", "strata"));
        assertThat(o.memtableSizeBytes()).isEqualTo(64 * 1024);
        assertThat(o.memoryBudgetBytes()).isEqualTo(2L << 30);
        assertThat(o.flushThreads()).isEqualTo(3);
        assertThat(o.flushRunningCountLimit()).isEqualTo(5);
        assertThat(o.bufferRows()).isEqualTo(100);
        assertThat(o.strict()).isFalse();
        assertThat(o.maxFilterRatio()).isEqualTo(0.25);
        assertThat(o.ignoreDelete()).isTrue();
        assertThat(StrataSinkOptions.parseSize("k", "123")).isEqualTo(123);
        assertThat(StrataSinkOptions.parseSize("k", "1m")).isEqualTo(1 << 20);
    }

    @Test
    void rejectsBadValuesNamingKeyAndValue() {
        assertThatThrownBy(() -> StrataSinkOptions.fromMap(Map.of("sink.buffer-rows", "0")))
                .hasMessageContaining("sink.buffer-rows")
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> StrataSinkOptions.fromMap(Map.of("sink.strict", "yes")))
                .hasMessageContaining("sink.strict");
        assertThatThrownBy(() -> StrataSinkOptions.fromMap(Map.of("sink.max-filter-ratio", "1.5")))
                .hasMessageContaining("sink.max-filter-ratio");
        assertThatThrownBy(() -> StrataSinkOptions.fromMap(Map.of("sink.memtable.size", "lots")))
                .hasMessageContaining("sink.memtable.size");
        assertThatThrownBy(() -> StrataSinkOptions.fromMap(Map.of("sink.memtable.szie", "1mb")))
                .hasMessageContaining("unknown sink option 'sink.memtable.szie'");
    }
}
