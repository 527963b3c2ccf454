package org.rational4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the library file for this platform: {@code -Drational4j.library.path}, else the natives
 * jar's resource {@code META-INF/native/org.rational4j/<platform>/<libname>} on the class path, the
 * context class loader or the module path, extracted by {@link NativeExtractor}. Every input
 * (property, class loader, resource folder, platform, cache folder) is a constructor argument, so
 * that tests run the steps for other platforms and on fake libraries. Internal.
 */
public final class NativeLocator {
    /** Classpath folder that holds one sub-folder per platform. */
    public static final String RESOURCE_ROOT = "META-INF/native/org.rational4j/";
    /** Natives jars name themselves org.rational4j.natives.<os>.<arch> (Automatic-Module-Name). */
    static final String NATIVES_MODULE_PREFIX = "org.rational4j.natives.";

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
    public NativeLocator(String explicitPath, ClassLoader classLoader, String resourceRoot, String platform,
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
     * @throws NativeLibrary.LoadError for an explicit path that is not a readable file
     * @throws Unavailable when there is no library for this platform or it cannot be extracted
     */
    public NativeLibrary.Location locate() {
        if (explicitPath != null && !explicitPath.isBlank()) {
            Path p = Paths.get(explicitPath).toAbsolutePath();
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new NativeLibrary.LoadError(NativeLibrary.PATH_PROPERTY + "=" + explicitPath + ": "
                        + (Files.exists(p) ? "not a readable file" : "no such file"), null);
            }
            return new NativeLibrary.Location(p, true, NativeLibrary.PATH_PROPERTY);
        }
        if (platform == null) {
            throw new Unavailable("no native library for this platform (os.name="
                    + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + "); natives exist for linux, macos and windows on x86_64 and aarch64",
                    "build native/ with CMake and set -D" + NativeLibrary.PATH_PROPERTY, null);
        }
        String libName = libraryFileName(platform);
        String resource = resourceRoot + platform + "/" + libName;
        URL lib = find(resource);
        if (lib == null) {
            throw new Unavailable("no native library for " + platform + " on the classpath (" + resource + ")",
                    "add the natives jar (classifier natives-" + platform + ") to the classpath or set -D"
                            + NativeLibrary.PATH_PROPERTY,
                    null);
        }
        URL sha = find(resource + ".sha256");
        if (sha == null) {
            throw new Unavailable("the classpath has " + resource + " but not its .sha256",
                    "use an unmodified natives jar", null);
        }
        String expected;
        try {
            expected = NativeExtractor.parseSha256(read(sha), resource + ".sha256");
        } catch (IOException e) {
            throw new Unavailable("cannot read " + resource + ".sha256: " + e, null, e);
        }
        try {
            Path p = NativeExtractor.extract(lib, expected, libName, cacheDir);
            return new NativeLibrary.Location(p, false, "classpath resource " + resource);
        } catch (IOException e) {
            throw new Unavailable("cannot extract " + resource + " into " + cacheDir + ": " + e,
                    "set -D" + NativeExtractor.CACHE_PROPERTY + " to a folder you own, or -D" + NativeLibrary.PATH_PROPERTY, e);
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

    /** A locator configured from the system properties and this class's class loader. */
    public static NativeLocator fromSystemProperties() {
        String explicit = System.getProperty(NativeLibrary.PATH_PROPERTY);
        String platform;
        try {
            platform = platform();
        } catch (IllegalStateException e) {
            platform = null;
        }
        ClassLoader cl = NativeLocator.class.getClassLoader();
        return new NativeLocator(explicit, cl, RESOURCE_ROOT, platform, NativeExtractor.defaultCacheDir());
    }

    /** Why there is no library (a backend turns it into {@link org.rational4j.BackendUnavailableException}). */
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

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
