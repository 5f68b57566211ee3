package io.strata.engine.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durations of table properties and command-line flags: units, default unit, errors, format. */
class DurationsTest {
    @Test
    void parsesEveryUnitAndTheDefaultUnit() {
        assertThat(Durations.parseMillis("500ms", 1000)).isEqualTo(500L);
        assertThat(Durations.parseMillis("90s", 1)).isEqualTo(90_000L);
        assertThat(Durations.parseMillis(" 30 min ", 1)).isEqualTo(1_800_000L);
        assertThat(Durations.parseMillis("30m", 1)).isEqualTo(1_800_000L);
        assertThat(Durations.parseMillis("1H", 1)).isEqualTo(3_600_000L);
        assertThat(Durations.parseMillis("2d", 1)).isEqualTo(172_800_000L);
        assertThat(Durations.parseMillis("15", 1000)).isEqualTo(15_000L);
        assertThat(Durations.parseMillis("15", 1)).isEqualTo(15L);
        assertThat(Durations.parseMillis("0s", 1)).isZero();
    }

    @Test
    void rejectsWhatIsNotADurationQuotingIt() {
        for (String bad :
                new String[] {"", "h", "1y", "-1s", "1.5h", "soon", "99999999999999999999d"}) {
            assertThatThrownBy(() -> Durations.parseMillis(bad, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parseMillis("999999999999999d", 1))
                .hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestExactUnitAndParsesBack() {
        assertThat(Durations.format(7_200_000L)).isEqualTo("2 h");
        assertThat(Durations.format(90_000L)).isEqualTo("90 s");
        assertThat(Durations.format(1_800_000L)).isEqualTo("30 min");
        assertThat(Durations.format(1_500L)).isEqualTo("1500 ms");
        assertThat(Durations.format(0L)).isEqualTo("0 ms");
        for (long ms : new long[] {0, 1, 999, 1_000, 61_000, 3_600_000, 86_400_000L * 9}) {
            assertThat(Durations.parseMillis(Durations.format(ms), 1000)).isEqualTo(ms);
        }
    }
}
