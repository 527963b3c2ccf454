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
        return child(nativeAccess ? List.of("--enable-native-access=ALL-UNNAMED") : List.of(), props);
    }

    /** A child JVM with {@code flags} (dropped before JDK 22, which knows none of them). */
    private ChildJvm.Result child(List<String> flags, String... props) throws Exception {
        List<String> args = new ArrayList<>();
        if (JDK >= 22) {
            args.addAll(flags);
        }
        if (JDK >= 22) {
            args.add("--add-modules");
            args.add("jdk.incubator.vector");
        }
        args.add("-D" + NativeExtractor.CACHE_PROPERTY + "=" + cache);
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
        assertTrue(describe.contains(path + " (classpath resource " + NativeLocator.RESOURCE_ROOT), describe);
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

    /** JDK 22+: without the flag ffm runs, and the JVM (not we) warns once; before: JDK 22 is the reason. */
    @Test
    void forcedFfmWithoutTheFlagRunsWithTheJvmsOwnWarning() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=ffm");
        if (JDK >= 22) {
            assertEquals("ffm", line(r, "BACKEND"), r.toString());
            assertTrue(r.output.contains("restricted method"), "the JVM's warning: " + r);
        } else {
            assertNeedsJdk22(r);
        }
    }

    /** jna needs no flag on any JDK; from JDK 24 on (JEP 472) the JVM warns about its JNI loading. */
    @Test
    void jnaWithoutTheFlagRunsOnEveryJdk() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=jna");
        assertEquals("jna", line(r, "BACKEND"), r.toString());
        assertTrue(line(r, "DESCRIBE").startsWith("jna: native tier "), r.toString());
        assertTrue(line(r, "TIER").matches("scalar|avx2|avx512"), r.toString());
        assertEquals(cache, Path.of(line(r, "PATH")).getParent(), r.toString());
        assertEquals(JDK >= 24, r.output.contains("restricted method"), r.toString());
    }

    /**
     * JDK 24+ with {@code --illegal-native-access=deny}: both native backends throw naming the denial
     * and the flag; auto falls back to pure Java with one WARNING that says so and what it costs.
     * Before JDK 24 no JVM denies native access: jna runs without any flag (checked above).
     */
    @Test
    void aJvmThatDeniesNativeAccessGetsPureJavaAndTheFix() throws Exception {
        NativeCases.bundledLibrary();
        if (JDK < 24) {
            assertEquals("jna", line(child(false, "rational4j.backend=jna"), "BACKEND"));
            return;
        }
        List<String> deny = List.of("--illegal-native-access=deny");
        for (String b : new String[] {"ffm", "jna"}) {
            String error = line(child(deny, "rational4j.backend=" + b), "ERROR");
            assertTrue(error.contains("backend '" + b + "' is not available: the JVM denies native access to the"
                    + " class path (unnamed module) (--illegal-native-access=deny)"), error);
            assertTrue(error.contains("add --enable-native-access=ALL-UNNAMED to the java command"), error);
        }
        ChildJvm.Result r = child(deny, "rational4j.backend=auto");
        String report = line(r, "REPORT");
        assertTrue(report.startsWith("rational4j backend auto: vector "), report);
        assertTrue(report.contains("; no native backend (backend 'ffm' is not available: the JVM denies native access"),
                report);
        assertTrue(report.contains("add --enable-native-access=ALL-UNNAMED to the java command"), report);
        assertTrue(report.endsWith("pure Java is 5-30x slower than the C kernels"), report);
        assertTrue(r.output.contains("WARNING: rational4j backend auto: vector"), "one WARNING line: " + r);
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
        CallOverhead overhead = JDK >= 22 ? CallOverhead.LOW : CallOverhead.HIGH;
        assertTrue(report.endsWith(AutoBackend.splitDescription(overhead, javaName)), report);
        if (JDK < 22) {
            assertTrue(r.output.contains("REPORT rational4j skipped backend 'ffm' is not available: needs JDK 22"),
                    r.toString());
        } else {
            assertFalse(r.output.contains("REPORT rational4j skipped"), r.toString());
        }
    }

    /**
     * Without the flag auto still runs native code: ffm on JDK 22+, with the flag that silences the
     * JVM's warning in its one INFO line; jna before JDK 22, where no flag applies.
     */
    @Test
    void autoWithoutTheFlagStaysNativeAndNamesTheFlag() throws Exception {
        NativeCases.bundledLibrary();
        ChildJvm.Result r = child(false, "rational4j.backend=auto");
        assertEquals("auto", line(r, "BACKEND"), r.toString());
        String report = line(r, "REPORT");
        String nativeName = JDK >= 22 ? "ffm" : "jna";
        assertTrue(report.startsWith("rational4j backend auto: " + nativeName + ": native tier "), report);
        assertTrue(report.contains("library " + line(r, "PATH") + " (classpath resource "), report);
        String hint = "; the JVM warns about native access: add --enable-native-access=ALL-UNNAMED to the java"
                + " command to silence it";
        assertEquals(JDK >= 22, report.endsWith(hint), report);
        assertFalse(r.output.contains("WARNING: rational4j"), "an INFO line, not a warning: " + r);
    }

    @Test
    void unknownBackendNameIsAnError() throws Exception {
        ChildJvm.Result r = child(true, "rational4j.backend=tpu");
        assertTrue(line(r, "ERROR").contains("backend: unknown 'tpu'"), r.toString());
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
