package org.rational4j.internal;

import java.nio.Buffer;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.rational4j.DType;

/**
 * What only JDK 22+ code can tell about a direct buffer: whether it views the memory of an arena
 * that another thread may close during a call, and how to copy it with checks that the arena is
 * still open. On JDK 17 there are no arenas: every direct buffer stays valid while it is
 * reachable. The public API takes such buffers without any JDK 22 class of rational4j having
 * loaded, so the JDK 22 answer ({@code org.rational4j.internal.Arenas}, src/main/java22) is this
 * interface's service provider: declared in the module descriptor ({@code provides}) and in
 * {@code META-INF/services} for the class path, and found with {@link ServiceLoader} on JDK 22+
 * only, where the versioned class exists. Internal.
 */
public interface ArenaBuffers {
    /** False when the direct buffer views memory of an arena another thread may close. */
    boolean pinned(Buffer direct);

    /** Checked copies of the direct buffer's snapshot range {@code d}, or null on JDK 17. */
    NativeStaging stage(Operand.Direct d, DType dtype);

    /** This JVM's answer, found once. */
    static ArenaBuffers get() {
        return Holder.INSTANCE;
    }

    /** Lazily found: only bindings that pass raw addresses (JNA) ask. */
    final class Holder {
        static final ArenaBuffers INSTANCE = find();

        private Holder() {
        }

        private static ArenaBuffers find() {
            if (Runtime.version().feature() >= 22) {
                try {
                    ClassLoader loader = ArenaBuffers.class.getClassLoader();
                    for (ArenaBuffers provider : ServiceLoader.load(ArenaBuffers.class, loader)) {
                        return provider;
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    // a JDK 22 runtime without the versioned classes (an exploded JDK 17 build)
                }
            }
            return new ArenaBuffers() {
                @Override
                public boolean pinned(Buffer direct) {
                    return true;
                }

                @Override
                public NativeStaging stage(Operand.Direct d, DType dtype) {
                    return null;
                }
            };
        }
    }
}
