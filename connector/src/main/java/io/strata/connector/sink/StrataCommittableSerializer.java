package io.strata.connector.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Versioned serializer of {@link StrataCommittable}. Version 1 layout: int user length, UTF-8
 * commit user, long checkpoint id, int length, TxnCommit bytes. Lengths are checked against the
 * input before allocating.
 */
public final class StrataCommittableSerializer
        implements SimpleVersionedSerializer<StrataCommittable> {
    public static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StrataCommittable c) throws IOException {
        byte[] user = c.commitUser().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bos =
                new ByteArrayOutputStream(20 + user.length + c.txnCommit().length);
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(user.length);
        out.write(user);
        out.writeLong(c.checkpointId());
        out.writeInt(c.txnCommit().length);
        out.write(c.txnCommit());
        out.flush();
        return bos.toByteArray();
    }

    @Override
    public StrataCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown StrataCommittable serializer version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int ulen = in.readInt();
        if (ulen < 0 || ulen > serialized.length - 16) {
            throw new IOException(
                    "corrupt serialized StrataCommittable: commit user length " + ulen);
        }
        byte[] user = new byte[ulen];
        in.readFully(user);
        long checkpoint = in.readLong();
        byte[] commit =
                StrataWriteResultSerializer.readBytes(
                        in, serialized.length - 16 - ulen, "StrataCommittable");
        return new StrataCommittable(new String(user, StandardCharsets.UTF_8), checkpoint, commit);
    }
}
