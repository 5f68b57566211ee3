package io.strata.engine.util;

import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli), identical to google/crc32c {@code Crc32c()} as Doris uses it. */
public final class Crc32c {
    private Crc32c() {}

    public static int compute(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
