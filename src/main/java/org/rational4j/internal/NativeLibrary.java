package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the rational4j C library for the JNA and FFM backends (docs/loading.md):
 * <ol>
 * <li>{@code -Drational4j.library.path=/path/to/librational4j.so}: that file and nothing else; if it
 * cannot be loaded the backends throw {@link LoadError} (no fallback);</li>
 * <li>the classpath resource {@code META-INF/native/org.rational4j/<platform>/<libname>} (the natives
 * jar) with its {@code .sha256}, extracted into a per-user cache folder with owner-only permissions
 * under a content-hashed name: written to a temporary file in that folder, verified against the
 * SHA-256, moved into place atomically; a cached file is reused only when its hash matches;</li>
 * <li>otherwise no native library: the native backends are unavailable with the reason.</li>
 * </ol>
 * The loader only finds the file; each binding opens it ({@code dlopen} returns the same handle for
 * the same file, so JNA and FFM share the library's state), checks {@link #ABI_VERSION} through
 * {@link #checkAbi} and registers its calls with {@link #bound}, which gives {@link #setMaxIsa}, the
 * tier names and the path to the rest of the code. Internal: not part of the public API.
 */
public final class NativeLibrary {
    /** Explicit library file; fails loudly when it cannot be loaded. */
    public static final String PATH_PROPERTY = "rational4j.library.path";
    /** Cache folder for the extracted library. */
    public static final String CACHE_PROPERTY = "rational4j.cache.dir";
    /** Classpath folder that holds one sub-folder per platform. */
    public static final String RESOURCE_ROOT = "META-INF/native/org.rational4j/";
    /** Natives jars name themselves org.rational4j.natives.<os>.<arch> (Automatic-Module-Name). */
    static final String NATIVES_MODULE_PREFIX = "org.rational4j.natives.";
    /** The C ABI version this Java code was written for ({@code R4J_ABI_VERSION}). */
    public static final int ABI_VERSION = 2;

    /** Tier names, indexed by {@code R4J_ISA_*}. */
    /** Tier levels are 0 ({@code R4J_ISA_SCALAR}) to this ({@code R4J_ISA_MAX}). */
    private static final int ISA_MAX = 2;

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_EXEC = PosixFilePermissions.fromString("r-x------");

    private static final Object LOCK = new Object();
    /** The located library, or the failure to rethrow; set once. */
    private static Object located;
    private static volatile Binding binding;
    private static volatile Location boundLocation;

    private NativeLibrary() {
    }

    // ------------------------------------------------------------------ public results

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

    // ------------------------------------------------------------------ platform

    /** {@code linux}, {@code macos} or {@code windows} for an {@code os.name}, or null if unknown. */
    public static String normalizeOs(String osName) {
        String o = osName == null ? "" : osName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (o.startsWith("linux")) {
            return "linux";
        }
        if (o.startsWith("macosx") || o.startsWith("osx") || o.startsWith("darwin") || o.startsWith("mac")) {
            return "macos";
        }
        if (o.startsWith("windows")) {
            return "windows";
        }
        return null;
    }

    /** {@code x86_64} or {@code aarch64} for an {@code os.arch}, or null if unknown. */
    public static String normalizeArch(String osArch) {
        String a = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        switch (a) {
            case "amd64":
            case "x86_64":
            case "x8664":
            case "x64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            default:
                return null;
        }
    }

    /**
     * The platform name ({@code linux-x86_64} ...) of an OS and architecture.
     *
     * @throws IllegalStateException naming both when either is not one rational4j builds for
     */
    public static String platform(String osName, String osArch) {
        String os = normalizeOs(osName);
        String arch = normalizeArch(osArch);
        if (os == null || arch == null) {
            throw new IllegalStateException("no native library for this platform (os.name=" + osName
                    + ", os.arch=" + osArch + "); natives exist for linux, macos and windows on x86_64 and aarch64");
        }
        return os + "-" + arch;
    }

    /** This JVM's platform name. */
    public static String platform() {
        return platform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The library's file name on a platform: librational4j.so, librational4j.dylib, rational4j.dll. */
    public static String libraryFileName(String platform) {
        if (platform.startsWith("windows")) {
            return "rational4j.dll";
        }
        if (platform.startsWith("macos")) {
            return "librational4j.dylib";
        }
        return "librational4j.so";
    }

    // ------------------------------------------------------------------ calls

    /** The exception for a nonzero status from the C library, naming the status code. */
    public static IllegalStateException statusError(String function, int status) {
        String name;
        switch (status) {
            case -1:
                name = "R4J_ERR_ARGUMENT (the Java layer passed arguments the C library rejects: a bug)";
                break;
            case -2:
                name = "R4J_ERR_NO_MEMORY (scratch for the coefficient gradients could not be allocated)";
                break;
            default:
                name = "unknown status";
                break;
        }
        return new IllegalStateException(function + " returned " + status + ": " + name);
    }

    /**
     * True when code in {@code module} may call native code without the JVM's own warning: always
     * before JDK 22, else when {@code --enable-native-access} names the module (or once the JVM has
     * warned about it: ask before the first native call). Without the flag the
     * JVM still allows native access by default (with one warning of its own); only
     * {@code --illegal-native-access=deny} (or a future default) refuses it, which the bindings see
     * as an {@link IllegalCallerException} (see {@link #isAccessDenial}).
     */
    public static boolean nativeAccessEnabled(Module module) {
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
    public static String nativeAccessFlag(Module module) {
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** The fix when the JVM refuses or warns about native access. */
    public static String nativeAccessFix(Module module) {
        return "add " + nativeAccessFlag(module) + " to the java command";
    }

    /** True when {@code e} (or a cause) is the JVM refusing a restricted method (JEP 472's deny mode). */
    public static boolean isAccessDenial(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalCallerException) {
                return true;
            }
        }
        return false;
    }

    /** {@code backend} cannot run because the JVM denies native access to {@code module}. */
    public static BackendUnavailableException accessDenied(String backend, Module module, Throwable cause) {
        return new BackendUnavailableException(backend, "the JVM denies native access to "
                + (module.isNamed() ? "module " + module.getName() : "the class path (unnamed module)")
                + " (--illegal-native-access=deny)", nativeAccessFix(module), cause);
    }

    // ------------------------------------------------------------------ tiers

    /**
     * The loaded library's name of a tier level ({@code r4j_isa_name}: scalar, avx2, avx512 on x86-64;
     * scalar, neon, sve on AArch64): the library is the one place that knows its architecture's names.
     */
    public static String isaName(int isa) {
        String n = binding().isaName(isa);
        return n != null ? n : "unknown(" + isa + ")";
    }

    /** The tier level of a name the loaded library knows (case-blind). */
    public static int isaOf(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Binding b = binding();
        StringBuilder known = new StringBuilder();
        for (int i = 0; i <= ISA_MAX; i++) {
            String t = b.isaName(i);
            if (n.equals(t)) {
                return i;
            }
            known.append(i == 0 ? "" : ", ").append(t);
        }
        throw new IllegalArgumentException("native tier: unknown '" + name + "'; use " + known);
    }

    // ------------------------------------------------------------------ binding registry

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

    private static Binding binding() {
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

    /** The tier the kernels use now, by the library's name (e.g. "avx2", "neon"). */
    public static String activeIsa() {
        return isaName(binding().activeIsa());
    }

    /** The best tier this CPU and OS support, ignoring any cap. */
    public static String cpuIsa() {
        return isaName(binding().cpuIsa());
    }

    /**
     * Caps the native tier ({@code r4j_set_max_isa}) for tests and benchmarks, so that one JVM can run
     * every tier; returns the tier now active (the cap or less when the CPU lacks it). Not to be
     * called while another thread is inside a kernel.
     */
    public static String setMaxIsa(String tier) {
        int isa = isaOf(tier);
        int r = binding().setMaxIsa(isa);
        if (r < 0) {
            throw new IllegalStateException("r4j_set_max_isa(" + isa + ") returned " + r);
        }
        return isaName(r);
    }

    // ------------------------------------------------------------------ locating

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
                    located = fromSystemProperties().locate();
                } catch (RuntimeException e) {
                    located = e;
                }
            }
            r = located;
        }
        if (r instanceof Location) {
            return (Location) r;
        }
        if (r instanceof Unavailable) {
            Unavailable u = (Unavailable) r;
            throw new BackendUnavailableException(backend, u.reason, u.fix, u);
        }
        throw (RuntimeException) r;
    }

    /** Why there is no library (a backend turns it into {@link BackendUnavailableException}). */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final String reason;
        public final String fix;

        Unavailable(String reason, String fix, Throwable cause) {
            super(reason + (fix == null ? "" : "; " + fix), cause);
            this.reason = reason;
            this.fix = fix;
        }
    }

    /** A loader configured from the system properties and this class's class loader. */
    public static Loader fromSystemProperties() {
        String explicit = System.getProperty(PATH_PROPERTY);
        String platform;
        try {
            platform = platform();
        } catch (IllegalStateException e) {
            platform = null;
        }
        ClassLoader cl = NativeLibrary.class.getClassLoader();
        return new Loader(explicit, cl, RESOURCE_ROOT, platform, defaultCacheDir());
    }

    /**
     * The cache folder: {@code -Drational4j.cache.dir}, else {@code $XDG_CACHE_HOME/rational4j}, else
     * {@code %LOCALAPPDATA%\rational4j} on Windows, else {@code ~/.cache/rational4j}.
     */
    public static Path defaultCacheDir() {
        String prop = System.getProperty(CACHE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()) {
            return Paths.get(xdg, "rational4j");
        }
        String local = System.getenv("LOCALAPPDATA");
        if ("windows".equals(normalizeOs(System.getProperty("os.name"))) && local != null && !local.isBlank()) {
            return Paths.get(local, "rational4j");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "rational4j");
    }

    /**
     * The loader's steps with every input explicit, so that tests can run them with their own
     * platform name, resource folder, class loader and cache folder.
     */
    public static final class Loader {
        private final String explicitPath;
        private final ClassLoader classLoader;
        private final String resourceRoot;
        private final String platform;
        private final Path cacheDir;

        /**
         * @param explicitPath {@code -Drational4j.library.path} or null
         * @param classLoader where the resource is looked up
         * @param resourceRoot the folder above the platform folders, ending in '/'
         * @param platform the platform name, or null when this platform is not supported
         * @param cacheDir the extraction folder
         */
        public Loader(String explicitPath, ClassLoader classLoader, String resourceRoot, String platform,
                Path cacheDir) {
            this.explicitPath = explicitPath;
            this.classLoader = classLoader;
            this.resourceRoot = resourceRoot;
            this.platform = platform;
            this.cacheDir = cacheDir;
        }

        /**
         * The explicit file, else the resource extracted into the cache.
         *
         * @throws LoadError for an explicit path that is not a readable file
         * @throws Unavailable when there is no library for this platform or it cannot be extracted
         */
        public Location locate() {
            if (explicitPath != null && !explicitPath.isBlank()) {
                Path p = Paths.get(explicitPath).toAbsolutePath();
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw new LoadError(PATH_PROPERTY + "=" + explicitPath + ": "
                            + (Files.exists(p) ? "not a readable file" : "no such file"), null);
                }
                return new Location(p, true, PATH_PROPERTY);
            }
            if (platform == null) {
                throw new Unavailable("no native library for this platform (os.name="
                        + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                        + "); natives exist for linux, macos and windows on x86_64 and aarch64",
                        "build native/ with CMake and set -D" + PATH_PROPERTY, null);
            }
            String libName = libraryFileName(platform);
            String resource = resourceRoot + platform + "/" + libName;
            URL lib = find(resource);
            if (lib == null) {
                throw new Unavailable("no native library for " + platform + " on the classpath (" + resource + ")",
                        "add the natives jar (classifier natives-" + platform + ") to the classpath or set -D"
                                + PATH_PROPERTY,
                        null);
            }
            URL sha = find(resource + ".sha256");
            if (sha == null) {
                throw new Unavailable("the classpath has " + resource + " but not its .sha256",
                        "use an unmodified natives jar", null);
            }
            String expected;
            try {
                expected = parseSha256(read(sha), resource + ".sha256");
            } catch (IOException e) {
                throw new Unavailable("cannot read " + resource + ".sha256: " + e, null, e);
            }
            try {
                Path p = extract(lib, expected, libName, cacheDir);
                return new Location(p, false, "classpath resource " + resource);
            } catch (IOException e) {
                throw new Unavailable("cannot extract " + resource + " into " + cacheDir + ": " + e,
                        "set -D" + CACHE_PROPERTY + " to a folder you own, or -D" + PATH_PROPERTY, e);
            }
        }

        private URL find(String resource) {
            URL u = classLoader == null ? ClassLoader.getSystemResource(resource) : classLoader.getResource(resource);
            if (u == null) {
                ClassLoader ctx = Thread.currentThread().getContextClassLoader();
                if (ctx != null && ctx != classLoader) {
                    u = ctx.getResource(resource);
                }
            }
            return u != null ? u : findOnModulePath(resource);
        }

        /**
         * A natives jar on the module path is an automatic module that nothing requires, so the JVM
         * never resolves it and no class loader sees its files: read it from the module path itself.
         */
        private static URL findOnModulePath(String resource) {
            String modulePath = System.getProperty("jdk.module.path", "");
            List<Path> entries = new ArrayList<>();
            for (String entry : modulePath.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry));
                }
            }
            if (entries.isEmpty()) {
                return null;
            }
            try {
                for (ModuleReference ref : ModuleFinder.of(entries.toArray(new Path[0])).findAll()) {
                    if (!ref.descriptor().name().startsWith(NATIVES_MODULE_PREFIX)) {
                        continue;
                    }
                    try (ModuleReader reader = ref.open()) {
                        Optional<URI> found = reader.find(resource);
                        if (found.isPresent()) {
                            return found.get().toURL();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null; // an unreadable module path entry: the usual "not found" line follows
            }
            return null;
        }
    }

    /** The 64 hex digits at the start of a sha256sum-format file. */
    static String parseSha256(byte[] content, String what) throws IOException {
        String text = new String(content, StandardCharsets.US_ASCII).trim();
        String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!first.matches("[0-9a-f]{64}")) {
            throw new IOException(what + " does not start with a SHA-256 in hex");
        }
        return first;
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    /** The cached file name: {@code librational4j-<first 16 hex digits of the SHA-256>.so}. */
    static String cachedName(String libName, String sha256) {
        int dot = libName.lastIndexOf('.');
        return libName.substring(0, dot) + "-" + sha256.substring(0, 16) + libName.substring(dot);
    }

    /**
     * Extracts {@code lib} into {@code cacheDir} under its content-hashed name, or reuses the file
     * there when its SHA-256 matches. Safe when many threads and JVMs extract at once: every writer
     * writes its own temporary file, verifies it and renames it over the target atomically, and a
     * file is only ever returned after its hash matched.
     */
    static Path extract(URL lib, String sha256, String libName, Path cacheDir) throws IOException {
        secureDirectory(cacheDir);
        Path target = cacheDir.resolve(cachedName(libName, sha256));
        if (hashMatches(target, sha256)) {
            return target;
        }
        Path tmp = Files.createTempFile(cacheDir, "." + libName + "-", ".tmp"); // owner-only (0600) on POSIX
        try {
            try (InputStream in = lib.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String got = sha256(tmp);
            if (!got.equals(sha256)) {
                throw new IOException("the bundled library's SHA-256 is " + got + " but its .sha256 says " + sha256
                        + " (corrupt natives jar)");
            }
            setPermissions(tmp, OWNER_READ_EXEC);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + cacheDir + " cannot rename atomically", e);
            } catch (IOException e) {
                // Windows: a loaded DLL cannot be replaced; another JVM may have put the right file there.
                if (!hashMatches(target, sha256)) {
                    throw e;
                }
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean hashMatches(Path file, String sha256) throws IOException {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && sha256(file).equals(sha256);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The SHA-256 of a file in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void setPermissions(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
        }
    }

    private static boolean posix(Path p) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} with owner-only permissions, or checks that an existing one is a folder
     * owned by this user and not writable by group or others.
     *
     * @throws IOException saying what is wrong with it
     */
    static void secureDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir);
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.exists(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException e) {
                // another thread or JVM made it: check it below like any existing folder
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
        if (!a.isDirectory()) {
            throw new IOException("cache folder " + dir + " is not a folder");
        }
        UserPrincipal me = currentUser(dir);
        if (me != null && !a.owner().equals(me)) {
            throw new IOException("cache folder " + dir + " is owned by " + a.owner().getName() + ", not by "
                    + me.getName() + "; refusing to load code from it");
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("cache folder " + dir + " is writable by group or others ("
                    + PosixFilePermissions.toString(p) + "); refusing to load code from it (chmod 700 it)");
        }
    }

    private static UserPrincipal currentUser(Path near) {
        try {
            return near.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            // no passwd entry for this uid (containers): the owner of a file we create is us
            try {
                Path probe = Files.createTempFile("rational4j-owner", ".tmp");
                try {
                    return Files.getOwner(probe);
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException e2) {
                return null;
            }
        }
    }
}
