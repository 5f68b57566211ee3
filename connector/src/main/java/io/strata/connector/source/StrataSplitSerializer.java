package io.strata.connector.source;

import io.strata.engine.table.TabletSplit;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary form of {@link StrataSourceSplit} (version 1: split id, table version, tablet
 * id, partition id, rowset ids, rows to skip). Rejects unknown versions and truncated or corrupt
 * bytes with an IOException rather than building a wrong split.
 */
public final class StrataSplitSerializer implements SimpleVersionedSerializer<StrataSourceSplit> {
    public static final StrataSplitSerializer INSTANCE = new StrataSplitSerializer();
    static final int VERSION = 1;
    private static final int MAX_ROWSETS = 1 << 20;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StrataSourceSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        write(split, out);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public StrataSourceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Strata split serializer version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        StrataSourceSplit s = read(in);
        if (in.available() != 0) {
            throw new IOException(
                    "corrupt Strata split: " + in.available() + " trailing bytes after " + s);
        }
        return s;
    }

    static void write(StrataSourceSplit split, DataOutputStream out) throws IOException {
        TabletSplit t = split.tabletSplit();
        out.writeUTF(split.splitId());
        out.writeLong(t.version());
        out.writeLong(t.tabletId());
        out.writeLong(t.partitionId());
        out.writeInt(t.rowsetIds().size());
        for (String id : t.rowsetIds()) {
            out.writeUTF(id);
        }
        out.writeLong(split.rowsToSkip());
    }

    static StrataSourceSplit read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        long version = in.readLong();
        long tablet = in.readLong();
        long partition = in.readLong();
        int n = in.readInt();
        // Each rowset id takes at least 2 bytes: a count beyond what remains is corruption.
        if (n < 0 || n > MAX_ROWSETS || n > in.available() / 2) {
            throw new IOException("corrupt Strata split " + id + ": rowset count " + n);
        }
        List<String> rowsets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rowsets.add(in.readUTF());
        }
        long skip = in.readLong();
        if (skip < 0 || version < 0) {
            throw new IOException(
                    "corrupt Strata split " + id + ": version " + version + ", skip " + skip);
        }
        return new StrataSourceSplit(
                id, new TabletSplit(version, tablet, partition, rowsets), skip);
    }
}
