package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's extraction and checks, on a fake library (random bytes) in a resource folder of
 * its own, so that it runs without the C library and for platforms other than this one.
 */
class NativeLibraryTest {
    private static final String PLATFORM = "linux-x86_64";
    private static final String LIB = "librational4j.so";

    @TempDir
    Path tmp;
    private Path resources;
    private Path cache;
    private byte[] content;
    private String sha;
    private URLClassLoader classLoader;

    @BeforeEach
    void setUp() throws Exception {
        resources = tmp.resolve("res");
        cache = tmp.resolve("home/.cache/rational4j");
        content = new byte[3 << 20];
        new Random(42).nextBytes(content);
        sha = hex(content);
        writeResource(content, sha + "  " + LIB + "\n");
        classLoader = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null);
    }

    @AfterEach
    void tearDown() throws IOException {
        classLoader.close();
    }

    private void writeResource(byte[] lib, String shaFile) throws IOException {
        Path dir = resources.resolve(NativeLocator.RESOURCE_ROOT + PLATFORM);
        Files.createDirectories(dir);
        Files.write(dir.resolve(LIB), lib);
        Files.write(dir.resolve(LIB + ".sha256"), shaFile.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private NativeLocator loader() {
        return new NativeLocator(null, classLoader, NativeLocator.RESOURCE_ROOT, PLATFORM, cache);
    }

    private Path expectedFile() {
        return cache.resolve("librational4j-" + sha.substring(0, 16) + ".so");
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    @Test
    void platformNames() {
        // every os.name / os.arch spelling a JVM reports for the six platforms
        String[][] cases = {
            {"Linux", "amd64", "linux-x86_64"}, {"Linux", "x86_64", "linux-x86_64"},
            {"Linux", "aarch64", "linux-aarch64"}, {"Linux", "arm64", "linux-aarch64"},
            {"Mac OS X", "x86_64", "macos-x86_64"}, {"Mac OS X", "amd64", "macos-x86_64"},
            {"Mac OS X", "aarch64", "macos-aarch64"}, {"Darwin", "arm64", "macos-aarch64"},
            {"macOS", "arm64", "macos-aarch64"},
            {"Windows 11", "amd64", "windows-x86_64"}, {"Windows Server 2022", "x86_64", "windows-x86_64"},
            {"Windows 10", "x64", "windows-x86_64"}, {"Windows 11", "aarch64", "windows-aarch64"},
            {"Windows 11", "ARM64", "windows-aarch64"}, {"LINUX", "AMD64", "linux-x86_64"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], NativeLocator.platform(c[0], c[1]), c[0] + " / " + c[1]);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeLocator.platform("SunOS", "sparcv9"));
        assertTrue(e.getMessage().contains("os.name=SunOS") && e.getMessage().contains("os.arch=sparcv9"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> NativeLocator.platform("Linux", "ppc64le"));
        assertThrows(IllegalStateException.class, () -> NativeLocator.platform("Linux", "x86"));
        assertThrows(IllegalStateException.class, () -> NativeLocator.platform("FreeBSD", "amd64"));
        assertEquals("librational4j.so", NativeLocator.libraryFileName("linux-aarch64"));
        assertEquals("librational4j.so", NativeLocator.libraryFileName("linux-x86_64"));
        assertEquals("librational4j.dylib", NativeLocator.libraryFileName("macos-aarch64"));
        assertEquals("librational4j.dylib", NativeLocator.libraryFileName("macos-x86_64"));
        assertEquals("rational4j.dll", NativeLocator.libraryFileName("windows-x86_64"));
    }

    @Test
    void tierNamesComeFromTheLibrary() {
        String arch = NativeLocator.normalizeArch(System.getProperty("os.arch"));
        String[] want = "aarch64".equals(arch) ? new String[] {"scalar", "neon", "sve"}
                : new String[] {"scalar", "avx2", "avx512"};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], NativeTiers.isaName(i));
            assertEquals(i, NativeTiers.isaOf(want[i].toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals("unknown(3)", NativeTiers.isaName(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeTiers.isaOf("sse2"));
        assertTrue(e.getMessage().contains("sse2") && e.getMessage().contains(want[1]), e.getMessage());
    }

    @Test
    void extractsIntoOwnerOnlyCacheUnderHashedName() throws Exception {
        NativeLibrary.Location where = loader().locate();
        assertEquals(expectedFile(), where.path);
        assertFalse(where.explicit);
        assertTrue(where.source.contains(NativeLocator.RESOURCE_ROOT + PLATFORM + "/" + LIB), where.source);
        assertArrayEquals(content, Files.readAllBytes(where.path));
        assertTrue(leftovers().isEmpty(), leftovers().toString());
        if (posix()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
            assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(where.path)));
        }
        // a second start reuses the file
        long modified = Files.getLastModifiedTime(where.path).toMillis();
        Thread.sleep(20);
        assertEquals(where.path, loader().locate().path);
        assertEquals(modified, Files.getLastModifiedTime(where.path).toMillis());
    }

    @Test
    void twoThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                cache = tmp.resolve("round" + round + "/rational4j");
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<NativeLibrary.Location>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    NativeLocator l = loader();
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return l.locate();
                    }));
                }
                Path a = results.get(0).get(60, TimeUnit.SECONDS).path;
                Path b = results.get(1).get(60, TimeUnit.SECONDS).path;
                assertEquals(expectedFile(), a);
                assertEquals(a, b);
                assertEquals(sha, NativeExtractor.sha256(a));
                assertTrue(leftovers().isEmpty(), leftovers().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoJvmsAtOnceIntoTheSameEmptyCache() throws Exception {
        String java = ChildJvm.java();
        assertTrue(Files.isExecutable(Path.of(java)), "this JVM's java command " + java);
        long startAt = System.currentTimeMillis() + 2500;
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LoaderChild.class.getName(), resources.toString(), cache.toString(), Long.toString(startAt),
                    PLATFORM);
            pb.redirectErrorStream(true);
            children.add(pb.start());
        }
        for (Process p : children) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("PATH " + expectedFile()), out);
        }
        assertEquals(sha, NativeExtractor.sha256(expectedFile()));
        assertTrue(leftovers().isEmpty(), leftovers().toString());
    }

    @Test
    void corruptedCachedFileIsReplaced() throws Exception {
        Path p = loader().locate().path;
        byte[] bad = content.clone();
        bad[bad.length / 2] ^= 1;
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        Files.write(p, bad);
        assertEquals(p, loader().locate().path);
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void plantedFileWithTheRightNameAndWrongHashIsNeverReturned() throws Exception {
        NativeExtractor.secureDirectory(cache);
        byte[] evil = "#!/bin/evil planted library".getBytes(StandardCharsets.US_ASCII);
        Files.write(expectedFile(), evil);
        NativeLibrary.Location where = loader().locate();
        assertEquals(sha, NativeExtractor.sha256(where.path));
        assertArrayEquals(content, Files.readAllBytes(where.path));

        // a planted symbolic link is replaced, and what it pointed at is left alone
        Path outside = tmp.resolve("outside.so");
        Files.write(outside, evil);
        Files.delete(expectedFile());
        Files.createSymbolicLink(expectedFile(), outside);
        where = loader().locate();
        assertFalse(Files.isSymbolicLink(where.path));
        assertEquals(sha, NativeExtractor.sha256(where.path));
        assertArrayEquals(evil, Files.readAllBytes(outside));
    }

    @Test
    void corruptResourceIsRefusedAndNothingIsCached() throws Exception {
        byte[] bad = content.clone();
        bad[7] ^= 1;
        writeResource(bad, sha + "  " + LIB + "\n");
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
        assertTrue(e.reason.contains("corrupt natives jar"), e.reason);
        assertFalse(Files.exists(expectedFile()));
        assertTrue(leftovers().isEmpty(), leftovers().toString());
    }

    @Test
    void missingShaFileIsRefused() throws Exception {
        Files.delete(resources.resolve(NativeLocator.RESOURCE_ROOT + PLATFORM + "/" + LIB + ".sha256"));
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
        assertTrue(e.reason.contains(".sha256"), e.reason);
    }

    /** A natives jar as Maven builds it: only META-INF/native/org.rational4j/<platform>/ entries. */
    private Path nativesJar(String name, String... platforms) throws Exception {
        Path jar = tmp.resolve(name + ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String p : platforms) {
                String lib = NativeLocator.libraryFileName(p);
                byte[] bytes = (p + " library bytes").getBytes(StandardCharsets.US_ASCII);
                out.putNextEntry(new java.util.jar.JarEntry(NativeLocator.RESOURCE_ROOT + p + "/" + lib));
                out.write(bytes);
                out.putNextEntry(new java.util.jar.JarEntry(NativeLocator.RESOURCE_ROOT + p + "/" + lib + ".sha256"));
                out.write((hex(bytes) + "  " + lib + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return jar;
    }

    @Test
    void findsItsPlatformInAOnePlatformJarOrInNativesAll() throws Exception {
        String[] all = {"linux-x86_64", "linux-aarch64", "windows-x86_64", "macos-x86_64", "macos-aarch64"};
        Path one = nativesJar("rational4j-natives-linux-aarch64", "linux-aarch64");
        Path every = nativesJar("rational4j-natives-all", all);
        for (String p : all) {
            // natives-all alone, and natives-all behind a jar of another platform
            for (URL[] path : new URL[][] {{every.toUri().toURL()}, {one.toUri().toURL(), every.toUri().toURL()}}) {
                try (URLClassLoader cl = new URLClassLoader(path, null)) {
                    NativeLibrary.Location where = new NativeLocator(null, cl, NativeLocator.RESOURCE_ROOT, p,
                            tmp.resolve("cache-" + p)).locate();
                    String lib = NativeLocator.libraryFileName(p);
                    assertTrue(where.path.getFileName().toString().endsWith(lib.substring(lib.lastIndexOf('.'))),
                            where.path.toString());
                    assertEquals(p + " library bytes", new String(Files.readAllBytes(where.path), StandardCharsets.US_ASCII));
                }
            }
        }
        // the one-platform jar serves its platform and no other
        try (URLClassLoader cl = new URLClassLoader(new URL[] {one.toUri().toURL()}, null)) {
            NativeLibrary.Location where = new NativeLocator(null, cl, NativeLocator.RESOURCE_ROOT, "linux-aarch64",
                    tmp.resolve("cache-one")).locate();
            assertEquals("linux-aarch64 library bytes", new String(Files.readAllBytes(where.path), StandardCharsets.US_ASCII));
            NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class,
                    () -> new NativeLocator(null, cl, NativeLocator.RESOURCE_ROOT, "windows-x86_64",
                            tmp.resolve("cache-one")).locate());
            assertTrue(e.reason.contains("no native library for windows-x86_64")
                    && e.reason.contains("rational4j.dll"), e.reason);
        }
    }

    @Test
    void missingPlatformIsUnavailableWithTheReason() {
        NativeLocator other = new NativeLocator(null, classLoader, NativeLocator.RESOURCE_ROOT,
                "macos-aarch64", cache);
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, other::locate);
        assertTrue(e.reason.contains("no native library for macos-aarch64"), e.reason);
        assertTrue(e.fix.contains("natives-macos-aarch64") && e.fix.contains(NativeLibrary.PATH_PROPERTY), e.fix);

        NativeLocator unknown = new NativeLocator(null, classLoader, NativeLocator.RESOURCE_ROOT,
                null, cache);
        e = assertThrows(NativeLocator.Unavailable.class, unknown::locate);
        assertTrue(e.reason.contains("no native library for this platform"), e.reason);

        // and through a backend: one clear reason
        BackendUnavailableException b = new BackendUnavailableException("jna", e.reason, e.fix);
        assertTrue(b.getMessage().startsWith("backend 'jna' is not available: no native library"), b.getMessage());
    }

    @Test
    void explicitPathWinsAndFailsLoudly() throws Exception {
        Path own = tmp.resolve("mine/librational4j.so");
        Files.createDirectories(own.getParent());
        Files.write(own, new byte[] {1, 2, 3});
        NativeLibrary.Location where = new NativeLocator(own.toString(), classLoader,
                NativeLocator.RESOURCE_ROOT, PLATFORM, cache).locate();
        assertEquals(own.toAbsolutePath(), where.path);
        assertTrue(where.explicit);
        assertFalse(Files.exists(cache), "the resource must not be extracted when a path is given");

        String missing = tmp.resolve("nowhere/librational4j.so").toString();
        NativeLibrary.LoadError e = assertThrows(NativeLibrary.LoadError.class,
                () -> new NativeLocator(missing, classLoader, NativeLocator.RESOURCE_ROOT, PLATFORM, cache)
                        .locate());
        assertTrue(e.getMessage().contains(NativeLibrary.PATH_PROPERTY + "=" + missing), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());

        // a file that is there but is not a library: loud at open time, not a fallback
        RuntimeException open = NativeLibrary.openFailed("jna", where, new UnsatisfiedLinkError("bad ELF"));
        assertTrue(open instanceof NativeLibrary.LoadError, open.toString());
        RuntimeException abi = assertThrows(NativeLibrary.LoadError.class,
                () -> NativeLibrary.checkAbi("jna", where, 7));
        assertTrue(abi.getMessage().contains("ABI version 7") && abi.getMessage().contains("needs " + NativeLibrary.ABI_VERSION),
                abi.getMessage());
    }

    @Test
    void abiMismatchOfTheBundledLibraryNamesBothVersions() {
        NativeLibrary.Location where = loader().locate();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> NativeLibrary.checkAbi("ffm", where, 1));
        assertTrue(e.getMessage().contains("ABI version 1") && e.getMessage().contains("needs 2"), e.getMessage());
        NativeLibrary.checkAbi("ffm", where, NativeLibrary.ABI_VERSION);
    }

    /** Without POSIX permissions (Windows) there is nothing to check: an existing folder is used. */
    private void assertExistingFolderIsUsedWithoutPosix() throws IOException {
        Files.createDirectories(cache);
        NativeLibrary.Location where = loader().locate();
        assertEquals(expectedFile(), where.path);
        assertArrayEquals(content, Files.readAllBytes(where.path));
    }

    /** Makes the cache folder writable by group and others, and checks that it is refused. */
    private void assertWorldWritableCacheFolderIsRefused() throws IOException {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
        assertTrue(e.reason.contains("writable by group or others"), e.reason);
        assertTrue(e.reason.contains("refusing to load code from it"), e.reason);
        assertTrue(e.fix.contains(NativeExtractor.CACHE_PROPERTY), e.fix);
        assertFalse(Files.exists(expectedFile()));
    }

    @Test
    void groupWritableCacheFolderIsRefused() throws Exception {
        if (!posix()) {
            assertExistingFolderIsUsedWithoutPosix();
            return;
        }
        assertWorldWritableCacheFolderIsRefused();
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
        assertTrue(e.reason.contains("writable by group or others"), e.reason);

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(expectedFile(), loader().locate().path); // readable by others is fine
    }

    /**
     * A cache folder owned by another user is refused. Root gives a fresh folder to 'nobody'; any
     * other user points the cache at an existing folder someone else owns (the file system root,
     * the JDK); where neither can be had the refusal of a folder that others may write is checked,
     * so that the test always asserts a refusal.
     */
    @Test
    void cacheFolderOwnedBySomeoneElseIsRefused() throws Exception {
        if (!posix()) {
            assertExistingFolderIsUsedWithoutPosix();
            return;
        }
        UserPrincipal me = Files.getOwner(Files.createDirectories(tmp.resolve("mine")));
        UserPrincipal nobody = null;
        if ("root".equals(System.getProperty("user.name"))) {
            try {
                nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            } catch (IOException e) {
                nobody = null; // no user 'nobody': one of the fallbacks below
            }
        }
        if (nobody != null) {
            Files.createDirectories(cache);
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
            Files.setOwner(cache, nobody);
            NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
            assertTrue(e.reason.contains("owned by nobody"), e.reason);
            assertTrue(e.reason.contains("refusing to load code from it"), e.reason);
            assertFalse(Files.exists(expectedFile()));
            return;
        }
        // not root (or root without 'nobody'): a folder that is already someone else's
        for (Path other : new Path[] {Path.of("/"), Path.of(System.getProperty("java.home"))}) {
            UserPrincipal owner = Files.getOwner(other);
            if (!owner.equals(me)) {
                NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class,
                        () -> new NativeLocator(null, classLoader, NativeLocator.RESOURCE_ROOT, PLATFORM,
                                other).locate());
                assertTrue(e.reason.contains("owned by " + owner.getName()), e.reason);
                assertTrue(e.reason.contains("refusing to load code from it"), e.reason);
                return;
            }
        }
        // no other user's folder to be had: the other refusal any user can set up
        assertWorldWritableCacheFolderIsRefused();
    }

    @Test
    void cacheFolderThatIsAFileIsRefused() throws Exception {
        Files.createDirectories(cache.getParent());
        Files.write(cache, new byte[0]);
        NativeLocator.Unavailable e = assertThrows(NativeLocator.Unavailable.class, () -> loader().locate());
        assertTrue(e.reason.contains("not a folder"), e.reason);
    }

    @Test
    void shaFileParsing() throws Exception {
        String h = "AB".repeat(32);
        assertEquals(h.toLowerCase(), NativeExtractor.parseSha256((h + " *librational4j.so\n").getBytes(), "x"));
        assertEquals(h.toLowerCase(), NativeExtractor.parseSha256(h.getBytes(), "x"));
        assertThrows(IOException.class, () -> NativeExtractor.parseSha256("nothex".getBytes(), "x"));
        assertNull(null);
    }
}
