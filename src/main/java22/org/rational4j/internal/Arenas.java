package org.rational4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import org.rational4j.DType;

/**
 * Which memory a binding that passes raw addresses (JNA) may hand to C in place, and checked
 * copies of the rest. Nothing in the public FFM API lets such a binding hold an arena open during
 * the native call (FFM's own downcalls do). So C gets a segment's address only when no other thread
 * can free that memory during the call; every other segment (shared arenas, heap segments of any
 * array type, alignment or access mode), and every direct buffer viewing such memory, is copied
 * through native scratch with {@link MemorySegment#copy}, which checks that the arena is still
 * open: a concurrent {@code close()} then fails the call with {@code IllegalStateException}
 * instead of letting native code touch freed memory. Used by {@link SegmentOperand} and, for
 * direct buffers, found by {@link ArenaBuffers#get()}. Internal.
 */
public final class Arenas implements ArenaBuffers {
    /** Never started: asks whether threads other than the caller can reach (and close) a segment. */
    private static final Thread OTHER = new Thread(() -> { });
    private static final MemorySegment.Scope GLOBAL = Arena.global().scope();
    /** Per-thread scratch, three element slots (x, y or dy, dx); freed with the thread. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[3]);

    @Override
    public boolean pinned(Buffer direct) {
        return pinned(MemorySegment.ofBuffer(direct.duplicate().clear()));
    }

    @Override
    public NativeStaging stage(Operand.Direct d, DType dtype) {
        // the snapshot's range of the whole buffer: a position moved meanwhile does not matter
        long es = dtype.byteSize();
        return new Copied(MemorySegment.ofBuffer(d.buffer.duplicate().clear()).asSlice(d.position * es,
                d.length * es), dtype.byteSize());
    }

    /**
     * True when no other thread can free the memory while the calling thread uses it: a segment
     * confined to the calling thread, the global arena,
     * and memory freed only once unreachable (automatic arenas, plain direct buffers), which the
     * binding fences until the call returns. The last two are recognised by the JDK's class names;
     * should those change, such segments are copied, which is slower but as safe.
     */
    static boolean pinned(MemorySegment s) {
        if (!s.isAccessibleBy(OTHER)) {
            // confined: only its owner may close it, and the owner is busy in this call; any other
            // thread is copied, and the copy throws WrongThreadException as ffm's call would
            return s.isAccessibleBy(Thread.currentThread());
        }
        MemorySegment.Scope scope = s.scope();
        if (scope.equals(GLOBAL)) {
            return true;
        }
        String kind = scope.getClass().getName();
        return kind.equals("jdk.internal.foreign.ImplicitSession")
                || kind.equals("jdk.internal.foreign.GlobalSession$HeapSession");
    }

    /** A segment staged by bulk copies into this thread's scratch. */
    static final class Copied extends NativeStaging {
        private final MemorySegment elements;
        private final int es;

        Copied(MemorySegment elements, int es) {
            this.elements = elements;
            this.es = es;
        }

        private static MemorySegment slot(int slot, long bytes) {
            MemorySegment[] slots = SCRATCH.get();
            MemorySegment m = slots[slot];
            if (m == null || m.byteSize() < bytes) {
                m = Arena.ofAuto().allocate(Math.max(bytes, 4096), 64);
                slots[slot] = m;
            }
            return m;
        }

        @Override
        public long in(int slot, long from, int len) {
            long bytes = (long) len * es;
            MemorySegment m = slot(slot, bytes);
            MemorySegment.copy(elements, from * es, m, 0, bytes);
            return m.address();
        }

        @Override
        public long out(int slot, int len) {
            return slot(slot, (long) len * es).address();
        }

        @Override
        public void back(int slot, long from, int len) {
            long bytes = (long) len * es;
            MemorySegment.copy(slot(slot, bytes), 0, elements, from * es, bytes);
        }
    }
}
