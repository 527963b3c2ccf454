package org.rational4j.internal;

import java.nio.Buffer;
import org.rational4j.DType;

/**
 * What only JDK 22+ code can tell about a direct buffer: whether it views the memory of an arena
 * that another thread may close during a call, and how to copy it with checks that the arena is
 * still open. On JDK 17 there are no arenas: every direct buffer stays valid while it is
 * reachable. The JDK 22 answer is {@code org.rational4j.internal.Arenas} (src/main/java22), the
 * one JDK 22 class that JDK 17 code finds by name outside the backend registry ({@link Backends}):
 * the public API takes such buffers without any JDK 22 class of rational4j having loaded. Internal.
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
                    return (ArenaBuffers) Class.forName("org.rational4j.internal.Arenas")
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
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
