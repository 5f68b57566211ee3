package io.strata.connector.sink;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerializersTest {

    @Test
    void writeResultRoundTrip() throws IOException {
        StrataWriteResultSerializer s = new StrataWriteResultSerializer();
        StrataWriteResult r = new StrataWriteResult(new byte[] {1, 2, 3}, 4, 99L);
        assertThat(s.getVersion()).isEqualTo(1);
        assertThat(s.deserialize(1, s.serialize(r))).isEqualTo(r);
        StrataWriteResult empty = new StrataWriteResult(new byte[0], 0, 1);
        assertThat(s.deserialize(1, s.serialize(empty))).isEqualTo(empty);
    }

    @Test
    void committableRoundTrip() throws IOException {
        StrataCommittableSerializer s = new StrataCommittableSerializer();
        StrataCommittable c = new StrataCommittable("üser-1", 7L, new byte[] {9, 8});
        StrataCommittable back = s.deserialize(1, s.serialize(c));
        assertThat(back).isEqualTo(c);
        assertThat(back.label()).isEqualTo("üser-1-7");
    }

    @Test
    void corruptInputIsAnIOExceptionNotAnOom() throws IOException {
        StrataCommittableSerializer s = new StrataCommittableSerializer();
        byte[] ok = s.serialize(new StrataCommittable("u", 1, new byte[] {1, 2, 3, 4}));
        assertThatThrownBy(() -> s.deserialize(2, ok)).isInstanceOf(IOException.class);
        // every truncation fails cleanly
        for (int n = 0; n < ok.length; n++) {
            byte[] cut = Arrays.copyOf(ok, n);
            assertThatThrownBy(() -> s.deserialize(1, cut)).isInstanceOf(IOException.class);
        }
        // a huge length is rejected before allocating
        byte[] huge = ok.clone();
        huge[0] = 0x7f;
        assertThatThrownBy(() -> s.deserialize(1, huge))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("length");
        StrataWriteResultSerializer w = new StrataWriteResultSerializer();
        byte[] wr = w.serialize(new StrataWriteResult(new byte[] {5}, 1, 2));
        wr[12] = 0x40;
        assertThatThrownBy(() -> w.deserialize(1, wr)).isInstanceOf(IOException.class);
        byte[] trailing =
                Arrays.copyOf(w.serialize(new StrataWriteResult(new byte[] {5}, 1, 2)), 18);
        assertThatThrownBy(() -> w.deserialize(1, trailing)).isInstanceOf(IOException.class);
    }
}
