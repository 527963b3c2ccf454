package org.rational4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.rational4j.DType;

/**
 * JDK 17 code reaches the JDK 22 answer about direct buffers as a service: on JDK 22+ it must be
 * {@link Arenas}, so that jna copies buffers of shared arenas instead of passing them in place.
 */
class ArenaBuffersJdk22Test {
    @Test
    void theServiceIsTheJdk22Answer() {
        assertInstanceOf(Arenas.class, ArenaBuffers.get());
    }

    @Test
    void sharedArenaBuffersAreNotPinnedPlainOnesAre() {
        ArenaBuffers ab = ArenaBuffers.get();
        try (Arena shared = Arena.ofShared(); Arena confined = Arena.ofConfined()) {
            assertFalse(ab.pinned(shared.allocate(64).asByteBuffer()), "a shared arena may be closed meanwhile");
            assertTrue(ab.pinned(confined.allocate(64).asByteBuffer()), "confined to this thread");
        }
        assertTrue(ab.pinned(ByteBuffer.allocateDirect(64)), "freed only once unreachable");
    }

    @Test
    void stagedCopiesOfAClosedArenaThrow() {
        Arena shared = Arena.ofShared();
        FloatBuffer b = shared.allocate(64).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        Operand.Direct d = Operand.Direct.of(b);
        assertFalse(d.pinned());
        NativeStaging staged = d.nativeStaging(DType.F32);
        assertNotNull(staged);
        staged.in(0, 0, 4);
        shared.close();
        assertThrows(IllegalStateException.class, () -> staged.in(0, 0, 4));
    }
}
