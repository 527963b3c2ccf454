package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;

/**
 * Whether the JVM lets rational4j call native code (JEP 472), and the flag that fixes it when it
 * does not: every binding (JNA, FFM, CUDA) asks the same questions and gives the same fix.
 * Internal.
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    /**
     * True when code in {@code module} may call native code without the JVM's own warning: always
     * before JDK 22, else when {@code --enable-native-access} names the module (or once the JVM has
     * warned about it: ask before the first native call). Without the flag the
     * JVM still allows native access by default (with one warning of its own); only
     * {@code --illegal-native-access=deny} (or a future default) refuses it, which the bindings see
     * as an {@link IllegalCallerException} (see {@link #isDenial}).
     */
    public static boolean enabled(Module module) {
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(Module.class.getMethod("isNativeAccessEnabled").invoke(module));
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The JVM flag that enables native access for {@code module}. */
    public static String flag(Module module) {
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** The fix when the JVM refuses or warns about native access. */
    public static String fix(Module module) {
        return "add " + flag(module) + " to the java command";
    }

    /** True when {@code e} (or a cause) is the JVM refusing a restricted method (JEP 472's deny mode). */
    public static boolean isDenial(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalCallerException) {
                return true;
            }
        }
        return false;
    }

    /** {@code backend} cannot run because the JVM denies native access to {@code module}. */
    public static BackendUnavailableException denied(String backend, Module module, Throwable cause) {
        return new BackendUnavailableException(backend, "the JVM denies native access to "
                + (module.isNamed() ? "module " + module.getName() : "the class path (unnamed module)")
                + " (--illegal-native-access=deny)", fix(module), cause);
    }
}
