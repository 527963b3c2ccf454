package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;
import java.nio.file.Path;

/**
 * What a binding of the C library (JNA, FFM) needs to open it (docs/loading.md): the file
 * ({@link #locate}, found once by {@link NativeLocator}), the ABI check ({@link #checkAbi}), the
 * errors to throw, and the registry of the first binding that opened it ({@link #bound}), through
 * which {@link NativeTiers} and the tools reach the library's small calls. {@code dlopen} returns
 * the same handle for the same file, so JNA and FFM share the library's state. The steps:
 * <ol>
 * <li>{@code -Drational4j.library.path=/path/to/librational4j.so}: that file and nothing else; if it
 * cannot be loaded the backends throw {@link LoadError} (no fallback);</li>
 * <li>the natives jar's resource for this platform, extracted and verified by
 * {@link NativeExtractor};</li>
 * <li>otherwise no native library: the native backends are unavailable with the reason.</li>
 * </ol>
 * Internal: not part of the public API.
 */
public final class NativeLibrary {
    /** Explicit library file; fails loudly when it cannot be loaded. */
    public static final String PATH_PROPERTY = "rational4j.library.path";
    /** The C ABI version this Java code was written for ({@code R4J_ABI_VERSION}). */
    public static final int ABI_VERSION = 2;

    private static final Object LOCK = new Object();
    /** The located library, or the failure to rethrow; set once. */
    private static Object located;
    private static volatile Binding binding;
    private static volatile Location boundLocation;

    private NativeLibrary() {
    }

    /** Where the library comes from. */
    public static final class Location {
        /** The file to open. */
        public final Path path;
        /** True when it came from {@code -Drational4j.library.path} (failures are then loud). */
        public final boolean explicit;
        /** How it was found, for logs: "rational4j.library.path" or "classpath resource ...". */
        public final String source;

        Location(Path path, boolean explicit, String source) {
            this.path = path;
            this.explicit = explicit;
            this.source = source;
        }

        @Override
        public String toString() {
            return path + " (" + source + ")";
        }
    }

    /**
     * An explicit {@code -Drational4j.library.path} that cannot be used. Not a
     * {@link BackendUnavailableException}: {@link Backends} lets it through instead of falling back.
     */
    public static final class LoadError extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public LoadError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The four tier calls of the C ABI, as a binding (JNA or FFM) makes them. */
    public interface Binding {
        int abiVersion();

        int cpuIsa();

        int activeIsa();

        int setMaxIsa(int isa);

        /** {@code r4j_isa_name}: the library's name of a tier level on its architecture, or null. */
        String isaName(int isa);
    }

    /**
     * Checks the ABI version a binding read right after opening the library.
     *
     * @throws LoadError for an explicit path, else {@link BackendUnavailableException}, naming both
     *         versions
     */
    public static void checkAbi(String backend, Location where, int found) {
        if (found == ABI_VERSION) {
            return;
        }
        String reason = "library " + where.path + " has C ABI version " + found + " but this rational4j needs "
                + ABI_VERSION;
        if (where.explicit) {
            throw new LoadError(PATH_PROPERTY + "=" + where.path + ": " + reason, null);
        }
        throw new BackendUnavailableException(backend, reason,
                "use the natives jar of the same rational4j version as the main jar");
    }

    /**
     * The exception a binding throws when it cannot open a located library: loud for an explicit
     * path, {@link BackendUnavailableException} otherwise.
     */
    public static RuntimeException openFailed(String backend, Location where, Throwable cause) {
        if (where.explicit) {
            return new LoadError(PATH_PROPERTY + "=" + where.path + " cannot be loaded: " + cause, cause);
        }
        return new BackendUnavailableException(backend, "cannot load " + where.path + " (" + where.source + "): "
                + cause, "set -D" + PATH_PROPERTY + " to a library built for this machine", cause);
    }

    /** Called by a binding once the library is open and its ABI checked. The first one wins. */
    public static void bound(Location where, Binding calls) {
        synchronized (LOCK) {
            if (binding == null) {
                boundLocation = where;
                binding = calls;
            }
        }
    }

    /** The loaded library's path, or null when no binding has loaded it. */
    public static Path loadedPath() {
        Location l = boundLocation;
        return l == null ? null : l.path;
    }

    /** The loaded library's location, or null when no binding has loaded it. */
    public static Location loadedLocation() {
        return boundLocation;
    }

    /** The first binding that loaded the library, loading one if none has. */
    static Binding binding() {
        Binding b = binding;
        if (b == null) {
            // Loading any native backend registers its binding.
            for (String name : new String[] {"ffm", "jna"}) {
                try {
                    Backends.get(name);
                } catch (BackendUnavailableException e) {
                    // try the next one
                }
                b = binding;
                if (b != null) {
                    break;
                }
            }
        }
        if (b == null) {
            throw new IllegalStateException("no native library is loaded: " + survey());
        }
        return b;
    }

    private static String survey() {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"ffm", "jna"}) {
            try {
                Backends.get(name);
            } catch (BackendUnavailableException e) {
                sb.append(sb.length() == 0 ? "" : "; ").append(e.getMessage());
            }
        }
        return sb.toString();
    }

    /**
     * The library for this JVM, found once (explicit path, else the extracted resource).
     *
     * @throws BackendUnavailableException (named after {@code backend}) when there is none, with the
     *         reason and the fix
     * @throws LoadError when {@code -Drational4j.library.path} names a file that is not there
     */
    public static Location locate(String backend) {
        Object r;
        synchronized (LOCK) {
            if (located == null) {
                try {
                    located = NativeLocator.fromSystemProperties().locate();
                } catch (RuntimeException e) {
                    located = e;
                }
            }
            r = located;
        }
        if (r instanceof Location) {
            return (Location) r;
        }
        if (r instanceof NativeLocator.Unavailable) {
            NativeLocator.Unavailable u = (NativeLocator.Unavailable) r;
            throw new BackendUnavailableException(backend, u.reason, u.fix, u);
        }
        throw (RuntimeException) r;
    }
}
