package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and creates backends, once each. Each backend class has a {@code public static Backend
 * create()} that throws {@link BackendUnavailableException} with the reason and the fix. The
 * JDK 22+ ones are looked up by name so that this class (and the jar) still loads on JDK 17.
 * Internal: the public API selects backends through {@code -Drational4j.backend} and the
 * {@code RationalActivation} builder.
 */
public final class Backends {
    /** The system property that picks the default backend. */
    public static final String PROPERTY = "rational4j.backend";

    /**
     * The registry: every backend, fastest first on large tensors, by the class that creates it
     * and whether it runs native code. Adding a backend is one class and one line here
     * (docs/extending.md); {@code auto} then picks it by these properties and its
     * {@link Backend#callOverhead()}, never by its name.
     */
    private static final List<Entry> REGISTRY = List.of(
            new Entry("ffm", "org.rational4j.internal.ffm.FfmBackend", true),
            new Entry("jna", "org.rational4j.internal.jna.JnaBackend", true),
            new Entry("vector", "org.rational4j.internal.vector.VectorBackend", false),
            new Entry("scalar", "org.rational4j.internal.ScalarBackend", false));

    /** Backend names from fastest to slowest on large tensors. */
    public static final List<String> NAMES = REGISTRY.stream().map(e -> e.name).collect(
            java.util.stream.Collectors.toUnmodifiableList());

    /** One registry line. */
    private static final class Entry {
        final String name;
        /** Its class has {@code public static Backend create()}; JDK 22+ ones load only there. */
        final String className;
        /** Known before loading, so that a skipped backend is reported with its kind. */
        final boolean isNative;

        Entry(String name, String className, boolean isNative) {
            this.name = name;
            this.className = className;
            this.isNative = isNative;
        }
    }

    /**
     * Backends that run on device memory only: reachable by name, never surveyed or picked by
     * {@code auto} (which runs host memory).
     */
    private static final List<Entry> DEVICE_REGISTRY = List.of(
            new Entry("cuda", "org.rational4j.internal.cuda.CudaBackend", true));

    /** The device backends' names. */
    public static final List<String> DEVICE_NAMES = DEVICE_REGISTRY.stream().map(e -> e.name).collect(
            java.util.stream.Collectors.toUnmodifiableList());

    private static Entry entry(String key) {
        for (List<Entry> registry : List.of(REGISTRY, DEVICE_REGISTRY)) {
            for (Entry e : registry) {
                if (e.name.equals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static final System.Logger LOG = System.getLogger("org.rational4j");
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();
    private static volatile Backend defaultBackend;

    private Backends() {
    }

    /**
     * The backend called {@code name} ("auto", "ffm", "jna", "vector", "scalar", or "cuda" for
     * device tensors).
     *
     * @throws BackendUnavailableException if it cannot run here, with the reason
     * @throws IllegalArgumentException for an unknown name
     */
    public static Backend get(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) {
            return auto();
        }
        if (entry(key) == null) {
            throw new IllegalArgumentException("backend: unknown '" + name + "'; use one of auto, "
                    + String.join(", ", NAMES) + " (or cuda, for device tensors)");
        }
        Object result = CACHE.computeIfAbsent(key, Backends::create);
        if (result instanceof NativeLibrary.LoadError) {
            // -Drational4j.library.path names a library that cannot be used: loud, no fallback
            NativeLibrary.LoadError e = (NativeLibrary.LoadError) result;
            throw new NativeLibrary.LoadError(e.getMessage(), e);
        }
        if (result instanceof BackendUnavailableException) {
            BackendUnavailableException e = (BackendUnavailableException) result;
            throw new BackendUnavailableException(e.backend(), reasonOf(e), e.fix(), e);
        }
        return (Backend) result;
    }

    private static String reasonOf(BackendUnavailableException e) {
        String m = e.getMessage();
        String prefix = "backend '" + e.backend() + "' is not available: ";
        String reason = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        if (e.fix() != null && reason.endsWith("; " + e.fix())) {
            reason = reason.substring(0, reason.length() - e.fix().length() - 2);
        }
        return reason;
    }

    /** True when {@code name} can run here. */
    public static boolean isAvailable(String name) {
        try {
            get(name);
            return true;
        } catch (BackendUnavailableException e) {
            return false;
        }
    }

    /** Every backend with its status, fastest first: for logs and {@code rational4j info}. */
    public static List<Status> survey() {
        List<Status> out = new ArrayList<>();
        for (String name : NAMES) {
            try {
                out.add(new Status(name, get(name), null));
            } catch (BackendUnavailableException e) {
                out.add(new Status(name, null, e));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** One backend's availability. */
    public static final class Status {
        public final String name;
        /** The backend, or null when unavailable. */
        public final Backend backend;
        /** Why it is unavailable, or null. */
        public final BackendUnavailableException problem;

        Status(String name, Backend backend, BackendUnavailableException problem) {
            this.name = name;
            this.backend = backend;
            this.problem = problem;
        }
    }

    /**
     * The backend named by {@code -Drational4j.backend} (default {@code auto}), chosen once. A
     * forced backend that cannot load throws with the reason.
     */
    public static Backend defaultBackend() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                b = defaultBackend;
                if (b == null) {
                    String name = System.getProperty(PROPERTY, "auto");
                    b = get(name);
                    defaultBackend = b;
                }
            }
        }
        return b;
    }

    /**
     * The best native backend for large tensors combined with the best pure-Java one for small
     * ones, logged once: one INFO line naming the backends, the native tier and the library path
     * (and the flag that silences the JVM's native-access warning when it applies); without any
     * native backend that line is a WARNING that says why and what it costs. The backends it
     * skipped, each with its fix, go to DEBUG.
     */
    private static Backend auto() {
        Backend done = autoBackend;
        if (done != null) {
            return done;
        }
        // not CACHE.computeIfAbsent: the survey below fills CACHE, and ConcurrentHashMap forbids that
        synchronized (AUTO_LOCK) {
            if (autoBackend != null) {
                return autoBackend;
            }
            Backend nativeBackend = null;
            Backend javaBackend = null;
            List<BackendUnavailableException> skippedNative = new ArrayList<>();
            List<BackendUnavailableException> skippedJava = new ArrayList<>();
            for (Status s : survey()) {
                boolean isNative = entry(s.name).isNative;
                if (s.backend == null) {
                    if (isNative ? nativeBackend == null : javaBackend == null) {
                        (isNative ? skippedNative : skippedJava).add(s.problem);
                    }
                    continue;
                }
                if (s.backend.isNative() && nativeBackend == null) {
                    nativeBackend = s.backend;
                } else if (!s.backend.isNative() && javaBackend == null) {
                    javaBackend = s.backend;
                }
            }
            AutoBackend auto = new AutoBackend(nativeBackend, javaBackend);
            String choice = "rational4j backend auto: " + auto.describe();
            System.Logger.Level level = System.Logger.Level.INFO;
            if (nativeBackend == null) {
                // the one line a user must see: what is missing, what it costs, how to fix it
                BackendUnavailableException best = skippedNative.isEmpty() ? null : skippedNative.get(0);
                choice += "; no native backend (" + (best == null ? "none found" : best.getMessage())
                        + "): pure Java is 5-30x slower than the C kernels";
                level = System.Logger.Level.WARNING;
            } else if (nativeBackend.nativeAccessFix() != null) {
                choice += "; the JVM warns about native access: " + nativeBackend.nativeAccessFix()
                        + " to silence it";
            }
            List<String> lines = new ArrayList<>();
            lines.add(choice);
            LOG.log(level, choice);
            for (BackendUnavailableException e : skippedNative) {
                lines.add("rational4j skipped " + e.getMessage());
            }
            for (BackendUnavailableException e : skippedJava) {
                lines.add("rational4j skipped " + e.getMessage());
            }
            for (String line : lines.subList(1, lines.size())) {
                LOG.log(System.Logger.Level.DEBUG, line);
            }
            autoReport = Collections.unmodifiableList(lines);
            autoBackend = auto;
            return auto;
        }
    }

    private static final Object AUTO_LOCK = new Object();
    private static volatile Backend autoBackend;
    private static volatile List<String> autoReport = List.of();

    /** The lines {@code auto} logged when it chose (empty before): for tests and {@code rational4j info}. */
    public static List<String> autoReport() {
        return autoReport;
    }

    /**
     * The backend that runs a call of {@code elements} elements on {@code backend}: itself, or for
     * {@code auto} the native or pure-Java backend it picks. Lets tests assert what they got.
     */
    public static Backend effective(Backend backend, long elements, boolean backward) {
        return backend.forSize(elements, backward);
    }

    private static BackendUnavailableException needsJdk22(String name, Throwable cause) {
        return new BackendUnavailableException(name, "needs JDK 22 or newer (this is JDK "
                + Runtime.version().feature() + ")", "run on JDK 22+", cause);
    }

    private static Object create(String name) {
        try {
            Class<?> type = Class.forName(entry(name).className);
            return type.getMethod("create").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendUnavailableException || cause instanceof NativeLibrary.LoadError) {
                return cause;
            }
            if (cause instanceof UnsupportedClassVersionError) {
                return needsJdk22(name, cause);
            }
            if (cause instanceof NoClassDefFoundError) {
                return new BackendUnavailableException(name, "a class it needs is missing: " + cause.getMessage(),
                        "check the class path", cause);
            }
            return new BackendUnavailableException(name, "failed to start: " + cause, null, cause);
        } catch (ClassNotFoundException | UnsupportedClassVersionError e) {
            return needsJdk22(name, e);
        } catch (NoClassDefFoundError e) {
            return Runtime.version().feature() < 22 ? needsJdk22(name, e)
                    : new BackendUnavailableException(name, "a class it needs is missing: " + e.getMessage(),
                            "check the class path", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            return new BackendUnavailableException(name, "failed to load: " + e, null, e);
        }
    }
}
