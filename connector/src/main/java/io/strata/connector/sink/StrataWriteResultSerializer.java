package io.strata.connector.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Versioned serializer of {@link StrataWriteResult}. Version 1 layout: int subtask, long checkpoint
 * id, int length, TxnCommit bytes. Lengths are checked against the input before allocating.
 */
public final class StrataWriteResultSerializer
        implements SimpleVersionedSerializer<StrataWriteResult> {
    public static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StrataWriteResult r) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(16 + r.txnCommit().length);
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(r.subtask());
        out.writeLong(r.checkpointId());
        out.writeInt(r.txnCommit().length);
        out.write(r.txnCommit());
        out.flush();
        return bos.toByteArray();
    }

    @Override
    public StrataWriteResult deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown StrataWriteResult serializer version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int subtask = in.readInt();
        long checkpoint = in.readLong();
        byte[] commit = readBytes(in, serialized.length - 16, "StrataWriteResult");
        return new StrataWriteResult(commit, subtask, checkpoint);
    }

    static byte[] readBytes(DataInputStream in, int remaining, String what) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > remaining) {
            throw new IOException(
                    "corrupt serialized "
                            + what
                            + ": length "
                            + len
                            + " but only "
                            + remaining
                            + " bytes remain");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        if (in.available() != 0) {
            throw new IOException(
                    "corrupt serialized " + what + ": " + in.available() + " trailing bytes");
        }
        return b;
    }
}
