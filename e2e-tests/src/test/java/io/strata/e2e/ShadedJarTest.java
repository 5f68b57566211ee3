package io.strata.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code flink-sql-connector-strata-<version>.jar} (built by the connector module's package
 * phase, so this runs in a reactor {@code verify}; skipped when the jar is absent): every bundled
 * class is Strata's own or relocated under {@code io.strata.shaded}, except zstd-jni (whose JNI
 * symbols are bound to its original package names), the Flink factory service entry survived, and
 * the relocated libraries work when loaded in isolation.
 */
class ShadedJarTest {
    private static final Path JAR =
            Path.of("..", "connector", "target", "flink-sql-connector-strata-0.1.0-SNAPSHOT.jar");

    private static String className(String entry) {
        // Multi-release jars keep per-version classes under META-INF/versions/<n>/.
        return entry.replaceFirst("^META-INF/versions/\\d+/", "");
    }

    @Test
    void onlyStrataAndRelocatedClassesAreBundled() throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "run after 'package' of the connector: " + JAR);
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        boolean protobuf = false;
        boolean roaring = false;
        boolean lz4 = false;
        boolean zstdNative = false;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Enumeration<JarEntry> en = jar.entries();
            while (en.hasMoreElements()) {
                String name = en.nextElement().getName();
                if (name.matches("(?i).*/libzstd-jni[^/]*\\.(so|dylib|dll)")) {
                    zstdNative = true;
                }
                if (!name.endsWith(".class")) {
                    continue;
                }
                classes++;
                String c = className(name);
                if (c.equals("module-info.class")) {
                    offenders.add(name);
                    continue;
                }
                protobuf |= c.startsWith("io/strata/shaded/com/google/protobuf/");
                roaring |= c.startsWith("io/strata/shaded/org/roaringbitmap/");
                lz4 |= c.startsWith("io/strata/shaded/net/jpountz/");
                boolean ok =
                        c.startsWith("io/strata/")
                                || c.startsWith("com/github/luben/zstd/")
                                || c.startsWith("org/apache/flink/");
                if (!ok) {
                    offenders.add(name);
                }
            }
            assertThat(offenders).as("unrelocated third-party classes").isEmpty();
            assertThat(classes).isGreaterThan(100);
            assertThat(protobuf).as("relocated protobuf").isTrue();
            assertThat(roaring).as("relocated RoaringBitmap").isTrue();
            assertThat(lz4).as("relocated lz4").isTrue();
            assertThat(zstdNative).as("zstd-jni natives").isTrue();
            assertThat(jar.getEntry("io/strata/connector/table/StrataDynamicTableFactory.class"))
                    .isNotNull();
            assertThat(jar.getEntry("io/strata/engine/segment/SegmentWriter.class")).isNotNull();
            JarEntry services =
                    jar.getJarEntry("META-INF/services/org.apache.flink.table.factories.Factory");
            assertThat(services).isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("io.strata.connector.table.StrataDynamicTableFactory");
            }
        }
    }

    @Test
    void relocatedLibrariesWorkInIsolation() throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "run after 'package' of the connector: " + JAR);
        // Parent = platform loader: nothing but the JDK and the shaded jar is visible.
        try (URLClassLoader cl =
                new URLClassLoader(
                        new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            // A Strata proto message through the relocated protobuf runtime.
            Class<?> pb = Class.forName("io.strata.proto.segment.SegmentFooterPB", true, cl);
            Object builder = pb.getMethod("newBuilder").invoke(null);
            builder.getClass().getMethod("setNumRows", int.class).invoke(builder, 42);
            Object msg = builder.getClass().getMethod("build").invoke(builder);
            byte[] bytes = (byte[]) pb.getMethod("toByteArray").invoke(msg);
            Object back = pb.getMethod("parseFrom", byte[].class).invoke(null, (Object) bytes);
            assertThat(pb.getMethod("getNumRows").invoke(back)).isEqualTo(42);
            assertThat(pb.getMethod("getNumRows").getDeclaringClass().getClassLoader())
                    .isSameAs(cl);

            // lz4 relocated: the factory must still find a working (JNI or Java) codec.
            Class<?> lz4 = Class.forName("io.strata.shaded.net.jpountz.lz4.LZ4Factory", true, cl);
            Object factory = lz4.getMethod("fastestInstance").invoke(null);
            Object comp = lz4.getMethod("fastCompressor").invoke(factory);
            Object decomp = lz4.getMethod("safeDecompressor").invoke(factory);
            byte[] src = "strata strata strata strata strata".getBytes(StandardCharsets.UTF_8);
            byte[] c =
                    (byte[]) comp.getClass().getMethod("compress", byte[].class).invoke(comp, src);
            Method d = decomp.getClass().getMethod("decompress", byte[].class, int.class);
            assertThat((byte[]) d.invoke(decomp, c, src.length)).isEqualTo(src);

            // zstd-jni keeps its package, so its native library binds.
            Class<?> zstd = Class.forName("com.github.luben.zstd.Zstd", true, cl);
            byte[] z = (byte[]) zstd.getMethod("compress", byte[].class).invoke(null, src);
            byte[] u =
                    (byte[])
                            zstd.getMethod("decompress", byte[].class, int.class)
                                    .invoke(null, z, src.length);
            assertThat(u).isEqualTo(src);

            // RoaringBitmap relocated.
            Class<?> rb =
                    Class.forName("io.strata.shaded.org.roaringbitmap.RoaringBitmap", true, cl);
            Object bm =
                    rb.getMethod("bitmapOf", int[].class).invoke(null, (Object) new int[] {1, 5});
            assertThat(rb.getMethod("getCardinality").invoke(bm)).isEqualTo(2);
        }
    }
}
