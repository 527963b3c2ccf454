package org.rational4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Drational4j.backend} and {@code -Drational4j.library.path} as a user's JVM sees them:
 * each case starts a child JVM (same java as this test run: JDK 25 in the main Surefire run,
 * JDK 17 in the second) with the natives folder on its class path.
 */
class BackendSelectionTest {
    static final int JDK = Runtime.version().feature();

    @TempDir
    Path cache;

    static boolean nativeResource() {
        try {
            return ClassLoader.getSystemResource(NativeLibrary.RESOURCE_ROOT + NativeLibrary.platform() + "/"
                    + NativeLibrary.libraryFileName(NativeLibrary.platform())) != null;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private ChildJvm.Result child(boolean nativeAccess, String... props) throws Exception {
        List<String> args = new ArrayList<>();
        if (nativeAccess && JDK >= 22) {
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        args.add("-D" + NativeLibrary.CACHE_PROPERTY + "=" + cache);
        for (String p : props) {
            args.add("-D" + p);
        }
        ChildJvm.Result r = ChildJvm.run(args, BackendChild.class);
        assertEquals(0, r.status, r.toString());
        return r;
    }

    private static String line(ChildJvm.Result r, String key) {
        for (String l : r.output.split("\\R")) {
            if (l.startsWith(key + " ")) {
                return l.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " line in " + r);
    }

    @Test
    void jnaLoadsTheBundledLibraryAndReportsTheTier() throws Exception {
        assumeTrue(nativeResource(), "no native library in the natives folder yet");
        ChildJvm.Result r = child(true, "rational4j.backend=jna");
        assertEquals("jna", line(r, "BACKEND"), r.toString());
        String describe = line(r, "DESCRIBE");
        assertTrue(describe.matches("jna: native tier (scalar|avx2|avx512) \\(cpu (scalar|avx2|avx512)\\), library .*"),
                describe);
        Path path = Path.of(line(r, "PATH"));
        assertEquals(cache, path.getParent());
        assertTrue(path.getFileName().toString().matches("librational4j-[0-9a-f]{16}\\.so"), path.toString());
        assertTrue(describe.contains(path + " (classpath resource " + NativeLibrary.RESOURCE_ROOT), describe);
        assertTrue(line(r, "TIER").matches("scalar|avx2|avx512"));
    }

    @Test
    void ffmAndJnaLoadTheSameFileOnJdk22() throws Exception {
        assumeTrue(JDK >= 22 && nativeResource());
        ChildJvm.Result ffm = child(true, "rational4j.backend=ffm");
        ChildJvm.Result jna = child(true, "rational4j.backend=jna");
        assertEquals("ffm", line(ffm, "BACKEND"), ffm.toString());
        assertTrue(line(ffm, "DESCRIBE").startsWith("ffm: native tier "), ffm.toString());
        assertEquals(line(ffm, "PATH"), line(jna, "PATH"));
        assertEquals(line(ffm, "TIER"), line(jna, "TIER"));
    }

    @Test
    void forcedFfmOnJdk17ThrowsWithTheReason() throws Exception {
        assumeTrue(JDK < 22);
        ChildJvm.Result r = child(true, "rational4j.backend=ffm");
        String error = line(r, "ERROR");
        assertTrue(error.startsWith(BackendUnavailableException.class.getName()
                + ": backend 'ffm' is not available: needs JDK 22 or newer (this is JDK " + JDK + ")"), error);
    }

    @Test
    void forcedFfmWithoutNativeAccessThrowsWithTheFixAndNoJvmWarning() throws Exception {
        assumeTrue(JDK >= 22 && nativeResource());
        ChildJvm.Result r = child(false, "rational4j.backend=ffm");
        String error = line(r, "ERROR");
        assertTrue(error.contains("backend 'ffm' is not available: native access is not enabled"), error);
        assertTrue(error.contains("add --enable-native-access=ALL-UNNAMED to the java command"), error);
        assertFalse(r.output.contains("restricted method"), r.toString());
    }

    @Test
    void jnaWithoutNativeAccessOnJdk24() throws Exception {
        assumeTrue(JDK >= 24 && nativeResource());
        ChildJvm.Result r = child(false, "rational4j.backend=jna");
        String error = line(r, "ERROR");
        assertTrue(error.contains("backend 'jna' is not available: native access is not enabled"), error);
        assertTrue(error.contains("--enable-native-access=ALL-UNNAMED"), error);
        assertFalse(r.output.contains("restricted method"), r.toString());
    }

    @Test
    void unknownBackendNameIsAnError() throws Exception {
        ChildJvm.Result r = child(true, "rational4j.backend=cuda");
        assertTrue(line(r, "ERROR").contains("backend: unknown 'cuda'"), r.toString());
    }

    @Test
    void explicitMissingLibraryFailsLoudlyEvenForAuto() throws Exception {
        String missing = cache.resolve("nope/librational4j.so").toString();
        for (String backend : new String[] {"jna", "auto"}) {
            ChildJvm.Result r = child(true, "rational4j.backend=" + backend,
                    NativeLibrary.PATH_PROPERTY + "=" + missing);
            String error = line(r, "ERROR");
            assertTrue(error.startsWith(NativeLibrary.LoadError.class.getName() + ": " + NativeLibrary.PATH_PROPERTY
                    + "=" + missing + ": no such file"), backend + ": " + error);
        }
    }

    @Test
    void explicitFileThatIsNotALibraryFailsLoudly() throws Exception {
        Path junk = cache.resolve("librational4j.so");
        Files.writeString(junk, "not a shared library");
        ChildJvm.Result r = child(true, "rational4j.backend=jna", NativeLibrary.PATH_PROPERTY + "=" + junk);
        String error = line(r, "ERROR");
        assertTrue(error.startsWith(NativeLibrary.LoadError.class.getName() + ": " + NativeLibrary.PATH_PROPERTY
                + "=" + junk + " cannot be loaded"), error);
    }

    @Test
    void explicitPathIsUsedAsIs() throws Exception {
        assumeTrue(nativeResource());
        // the bundled library, extracted by a first child, then named explicitly by a second
        Path extracted = Path.of(line(child(true, "rational4j.backend=jna"), "PATH"));
        Path copy = cache.resolve("own/librational4j.so");
        Files.createDirectories(copy.getParent());
        Files.copy(extracted, copy);
        ChildJvm.Result r = child(true, "rational4j.backend=jna", NativeLibrary.PATH_PROPERTY + "=" + copy);
        assertEquals(copy.toString(), line(r, "PATH"));
        assertTrue(line(r, "DESCRIBE").endsWith("library " + copy + " (" + NativeLibrary.PATH_PROPERTY + ")"),
                r.toString());
    }
}
