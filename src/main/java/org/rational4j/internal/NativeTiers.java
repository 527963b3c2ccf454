package org.rational4j.internal;

import java.util.Locale;

/**
 * The loaded library's CPU tiers: their names (from {@code r4j_isa_name}, so the library is the
 * one place that knows its architecture's names), the tier in use and the cap
 * ({@code r4j_set_max_isa}) that lets one JVM run every tier in tests and benchmarks. Works on
 * whichever binding loaded the library first. Internal.
 */
public final class NativeTiers {
    private NativeTiers() {
    }

    /**
     * The loaded library's name of a tier level ({@code r4j_isa_name}: scalar, avx2, avx512 on x86-64;
     * scalar, neon, sve on AArch64): the library is the one place that knows its architecture's names.
     */
    public static String isaName(int isa) {
        String n = NativeLibrary.binding().isaName(isa);
        return n != null ? n : "unknown(" + isa + ")";
    }

    /** The tier level of a name the loaded library knows (case-blind). */
    public static int isaOf(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        NativeLibrary.Binding b = NativeLibrary.binding();
        StringBuilder known = new StringBuilder();
        // levels run from 0 (scalar) up to the library's R4J_ISA_MAX, past which the name is null:
        // a new tier needs no change here
        String t;
        for (int i = 0; (t = b.isaName(i)) != null; i++) {
            if (n.equals(t)) {
                return i;
            }
            known.append(i == 0 ? "" : ", ").append(t);
        }
        throw new IllegalArgumentException("native tier: unknown '" + name + "'; use " + known);
    }

    /** The tier the kernels use now, by the library's name (e.g. "avx2", "neon"). */
    public static String activeIsa() {
        return isaName(NativeLibrary.binding().activeIsa());
    }

    /** The best tier this CPU and OS support, ignoring any cap. */
    public static String cpuIsa() {
        return isaName(NativeLibrary.binding().cpuIsa());
    }

    /**
     * Caps the native tier ({@code r4j_set_max_isa}) for tests and benchmarks, so that one JVM can run
     * every tier; returns the tier now active (the cap or less when the CPU lacks it). Not to be
     * called while another thread is inside a kernel.
     */
    public static String setMaxIsa(String tier) {
        int isa = isaOf(tier);
        int r = NativeLibrary.binding().setMaxIsa(isa);
        if (r < 0) {
            throw new IllegalStateException("r4j_set_max_isa(" + isa + ") returned " + r);
        }
        return isaName(r);
    }
}
