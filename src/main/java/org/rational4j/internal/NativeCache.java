package org.rational4j.internal;

/**
 * What the native backends keep in {@link Plan#nativeCache}: each binding's own copy of the
 * coefficients in native memory, one slot per {@link NativeBackend} instance, so that bindings
 * can serve the same plan without evicting each other. Internal.
 */
final class NativeCache {
    /** Copy on write: readers take no lock. */
    private volatile Object[] slots = new Object[0];

    /** The plan's cache, created on first use. */
    static NativeCache of(Plan plan) {
        Object c = plan.nativeCache;
        if (c instanceof NativeCache) {
            return (NativeCache) c;
        }
        synchronized (plan) {
            c = plan.nativeCache;
            if (!(c instanceof NativeCache)) {
                c = new NativeCache();
                plan.nativeCache = c;
            }
            return (NativeCache) c;
        }
    }

    Object get(int slot) {
        Object[] s = slots;
        return slot < s.length ? s[slot] : null;
    }

    synchronized void put(int slot, Object value) {
        Object[] s = slots;
        if (slot >= s.length) {
            s = java.util.Arrays.copyOf(s, slot + 1);
        } else {
            s = s.clone();
        }
        s[slot] = value;
        slots = s;
    }
}
