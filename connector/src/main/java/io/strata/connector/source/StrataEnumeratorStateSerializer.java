package io.strata.connector.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary form of {@link StrataEnumeratorState} (version 1: count, then each split as
 * {@link StrataSplitSerializer} writes it). Rejects unknown versions and corrupt counts.
 */
public final class StrataEnumeratorStateSerializer
        implements SimpleVersionedSerializer<StrataEnumeratorState> {
    public static final StrataEnumeratorStateSerializer INSTANCE =
            new StrataEnumeratorStateSerializer();
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StrataEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(state.pendingSplits().size());
        for (StrataSourceSplit s : state.pendingSplits()) {
            StrataSplitSerializer.write(s, out);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public StrataEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Strata enumerator state version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int n = in.readInt();
        // A split takes at least 30 bytes: a larger count than the bytes allow is corruption.
        if (n < 0 || n > in.available() / 30) {
            throw new IOException("corrupt Strata enumerator state: split count " + n);
        }
        List<StrataSourceSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(StrataSplitSerializer.read(in));
        }
        if (in.available() != 0) {
            throw new IOException("corrupt Strata enumerator state: trailing bytes");
        }
        return new StrataEnumeratorState(splits);
    }
}
