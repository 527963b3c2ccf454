package org.rational4j.internal;

import org.rational4j.BackendUnavailableException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Drational4j.backend} and {@code -Drational4j.library.path} as a user's JVM sees them:
 * each case starts a child JVM (same java as this test run: JDK 25 in the main Surefire run,
 * JDK 17 in the second) with the natives folder on its class path. Every case asserts what the
 * documented behaviour is on the JDK it runs on (docs/loading.md): nothing is skipped.
 */
class BackendSelectionTest {
    static final int JDK = Runtime.version().feature();

    @TempDir
    Path cache;

    private ChildJvm.Result child(boolean nativeAccess, String... props) throws Exception {
        List<String> args = new ArrayList<>();
        if (nativeAccess && JDK >= 22) {
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        if (JDK >= 22) {
            args.add("--add-modules");
            args.add("jdk.incubator.vector");
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
        NativeCases.bundledLibrary();
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

    private static void assertNeedsJdk22(ChildJvm.Result r) {
        String error = line(r, "ERROR");
        assertTrue(error.startsWith(BackendUnavailableException.class.getName()
                + ": backend 'ffm' is not available: needs JDK 22 or newer (this is JDK " + JDK + ")"), error);
        assertTrue(error.contains("run on JDK 22+"), error);
    }

    /** JDK 22+: ffm loads the file jna loads, at the same tier; before: it throws naming JDK 22. */
    @Test
    void forcedFfmLoadsTheSameFileAsJnaOnJdk22AndNamesJdk22Before() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result ffm = child(true, "rational4j.backend=ffm");
        if (JDK >= 22) {
            ChildJvm.Result jna = child(true, "rational4j.backend=jna");
            assertEquals("ffm", line(ffm, "BACKEND"), ffm.toString());
            assertTrue(line(ffm, "DESCRIBE").startsWith("ffm: native tier "), ffm.toString());
            assertEquals(line(ffm, "PATH"), line(jna, "PATH"));
            assertEquals(line(ffm, "TIER"), line(jna, "TIER"));
            assertTrue(line(ffm, "TIER").matches("scalar|avx2|avx512"), ffm.toString());
        } else {
            assertNeedsJdk22(ffm);
            assertFalse(ffm.output.contains("BACKEND "), ffm.toString());
        }
    }

    /** JDK 22+: the missing flag is the reason, with the fix; before: JDK 22 is. Never a JVM warning. */
    @Test
    void forcedFfmWithoutNativeAccessThrowsWithTheFixAndNoJvmWarning() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=ffm");
        if (JDK >= 22) {
            String error = line(r, "ERROR");
            assertTrue(error.contains("backend 'ffm' is not available: native access is not enabled"), error);
            assertTrue(error.contains("add --enable-native-access=ALL-UNNAMED to the java command"), error);
        } else {
            assertNeedsJdk22(r);
        }
        assertFalse(r.output.contains("restricted method"), r.toString());
    }

    /** JDK 24+ restricts JNI loading too (JEP 472): jna needs the flag there, and loads without it before. */
    @Test
    void jnaWithoutNativeAccessIsUnavailableOnJdk24AndLoadsBefore() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=jna");
        if (JDK >= 24) {
            String error = line(r, "ERROR");
            assertTrue(error.contains("backend 'jna' is not available: native access is not enabled"), error);
            assertTrue(error.contains("--enable-native-access=ALL-UNNAMED"), error);
        } else {
            assertFalse(r.output.contains("ERROR "), r.toString());
            assertEquals("jna", line(r, "BACKEND"), r.toString());
            assertTrue(line(r, "DESCRIBE").startsWith("jna: native tier "), r.toString());
            assertTrue(line(r, "TIER").matches("scalar|avx2|avx512"), r.toString());
            assertEquals(cache, Path.of(line(r, "PATH")).getParent(), r.toString());
        }
        assertFalse(r.output.contains("restricted method"), r.toString());
    }

    @Test
    void autoLogsBackendTierPathAndTheBetterBackendsItSkipped() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(true, "rational4j.backend=auto");
        assertEquals("auto", line(r, "BACKEND"), r.toString());
        String report = line(r, "REPORT");
        String nativeName = JDK >= 22 ? "ffm" : "jna";
        String javaName = JDK >= 22 ? "vector" : "scalar";
        assertTrue(report.startsWith("rational4j backend auto: " + nativeName + ": native tier "), report);
        assertTrue(report.contains("library " + line(r, "PATH") + " (classpath resource "), report);
        assertTrue(report.endsWith(AutoBackend.splitDescription(nativeName, javaName)), report);
        if (JDK < 22) {
            assertTrue(r.output.contains("REPORT rational4j skipped backend 'ffm' is not available: needs JDK 22"),
                    r.toString());
        } else {
            assertFalse(r.output.contains("REPORT rational4j skipped"), r.toString());
        }
    }

    /**
     * Without the flag: on JDK 24+ neither native backend can run, so auto uses pure Java, warns
     * and says how to fix it; before JDK 24 jna needs no flag, so auto uses jna and names why it
     * skipped ffm (the flag on JDK 22 and 23, the JDK before 22).
     */
    @Test
    void autoWithoutNativeAccessFallsBackToJavaOnJdk24AndToJnaBefore() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=auto");
        assertEquals("auto", line(r, "BACKEND"), r.toString());
        String report = line(r, "REPORT");
        if (JDK >= 24) {
            assertTrue(report.startsWith("rational4j backend auto: vector "), r.toString());
            assertTrue(report.endsWith("; no native backend"), r.toString());
            for (String b : new String[] {"ffm", "jna"}) {
                assertTrue(r.output.contains("REPORT rational4j skipped backend '" + b
                        + "' is not available: native access is not enabled"), r.toString());
            }
            assertTrue(r.output.contains("add --enable-native-access=ALL-UNNAMED to the java command"),
                    r.toString());
            assertTrue(r.output.contains("WARNING"), "the fallback is logged as a warning: " + r);
        } else {
            String javaName = JDK >= 22 ? "vector" : "scalar";
            assertTrue(report.startsWith("rational4j backend auto: jna: native tier "), report);
            assertTrue(report.contains("library " + line(r, "PATH") + " (classpath resource "), report);
            assertTrue(report.endsWith(AutoBackend.splitDescription("jna", javaName)), report);
            String ffmReason = JDK >= 22 ? "native access is not enabled" : "needs JDK 22";
            assertTrue(r.output.contains("REPORT rational4j skipped backend 'ffm' is not available: " + ffmReason),
                    r.toString());
            assertFalse(r.output.contains("skipped backend 'jna'"), r.toString());
        }
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
        NativeCases.bundledLibrary();
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
