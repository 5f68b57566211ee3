package io.strata.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestComparisonTest {
    @Test
    void strataVariantsMapToOptions() {
        assertThat(IngestComparison.strataOptions("strata")).isEmpty();
        assertThat(IngestComparison.strataOptions("strata-zstd-nocompact"))
                .isEqualTo("'compression' = 'zstd', 'sink.compaction' = 'false', ");
        assertThat(IngestComparison.strataOptionMap("strata-small"))
                .containsEntry("compression", "zstd")
                .containsEntry("storage.size-optimized", "true")
                .containsEntry("storage_page_size", "1048576");
        assertThat(IngestComparison.strataBudget("strata-mem512mb")).isEqualTo(512L << 20);
        assertThat(IngestComparison.kind("strata-nocompact")).isEqualTo("strata");
        assertThat(IngestComparison.kind("paimon")).isEqualTo("paimon");
        assertThatThrownBy(() -> IngestComparison.strataOptions("strata-fast"))
                .hasMessageContaining("fast");
    }

    @Test
    void headerNamesOnlyTheWorkloadsRun() {
        IngestComparison.Settings s =
                IngestComparison.Settings.parse(
                        new String[] {"--workloads", "w2", "--w2-rows", "1_000", "--w2-keys", "8"});
        assertThat(IngestComparison.workloadText(s)).isEqualTo("W2 1,000 rows over 8 keys");
        s.workloads = List.of("w1", "w2");
        assertThat(IngestComparison.workloadText(s)).startsWith("W1 10,000,000 rows; W2");
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(IngestComparison.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(IngestComparison.median(List.of(10.0, 20.0))).isEqualTo(15.0);
        assertThat(IngestComparison.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(IngestComparison.median(List.of())).isNaN();
    }
}
