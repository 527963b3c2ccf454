/**
 * rational4j: learnable rational activation functions (Padé Activation Units, KAT group-rational
 * layers) with a C core reached through FFM or JNA, and pure-Java backends.
 *
 * <p>The descriptor lives in the JDK 22 part of the multi-release jar: on JDK 22+ the jar is this
 * module; on JDK 17-21 it is the automatic module of the same name. Native code needs
 * {@code --enable-native-access=org.rational4j} to run without the JVM's warning; the Vector API
 * backend needs {@code --add-modules jdk.incubator.vector} (an incubator module is never resolved
 * unless asked for).
 */
module org.rational4j {
    requires com.google.gson;
    requires static com.sun.jna;
    requires static jdk.incubator.vector;

    exports org.rational4j;
    exports org.rational4j.coefficients;
    exports org.rational4j.foreign;

    // JDK 17 code reaches the JDK 22 answer about arena-backed direct buffers as a service
    uses org.rational4j.internal.ArenaBuffers;
    provides org.rational4j.internal.ArenaBuffers with org.rational4j.internal.Arenas;

    // JNA binds the native methods of the direct-mapped class reflectively
    opens org.rational4j.internal.jna to com.sun.jna;
}
