package org.rational4j.internal;

/**
 * An operand that a native binding cannot hand to C in place, copied through native scratch one
 * piece at a time: heap arrays for JNA, and memory another thread could free during the call
 * (segments of shared arenas, direct buffers viewing them), whose copies check the arena is still
 * open. Slot 0 is x's, 1 y's or dy's, 2 dx's. Internal.
 */
public abstract class NativeStaging {
    /** Copies elements {@code [from, from + len)} into scratch slot {@code slot}; returns its address. */
    public abstract long in(int slot, long from, int len);

    /** The address of scratch slot {@code slot}, large enough for {@code len} elements. */
    public abstract long out(int slot, int len);

    /** Copies scratch slot {@code slot} back into elements {@code [from, from + len)}. */
    public abstract void back(int slot, long from, int len);

    /** True when {@code other} is the same elements (in place); false when unsure. */
    public boolean sameElements(NativeStaging other) {
        return false;
    }
}
