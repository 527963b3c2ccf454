package org.rational4j.internal;

/**
 * What the native backends keep in {@link Plan#nativeCache}: each binding's own copy of the
 * coefficients in native memory, so that the JNA and FFM backends can serve the same plan without
 * evicting each other. Internal.
 */
public final class NativeCache {
    /** The JNA backend's coefficients, or null. */
    public volatile Object jna;
    /** The FFM backend's coefficients, or null. */
    public volatile Object ffm;

    /** The plan's cache, created on first use. */
    public static NativeCache of(Plan plan) {
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
}
