package org.rational4j.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.rational4j.internal.NativeLibrary;
import org.rational4j.internal.NativeAccess;
import org.rational4j.internal.NativeLocator;

/**
 * librational4j_cuda through FFM: found, loaded and asked for its devices once, on first use.
 * Nothing here throws while its class initialises: when the library is missing, cannot load, or
 * finds no device, {@link #state()} says so with the reason, and the backend reports itself
 * unavailable. Where the library is looked for, in order: {@code -Drational4j.cuda.library.path},
 * next to the loaded CPU library, the natives resource directory on the class path. Internal.
 */
@SuppressWarnings("restricted")
public final class CudaLibrary {
    /** The system property naming the library file. */
    public static final String PROPERTY = "rational4j.cuda.library.path";
    /** Status codes of rational4j_cuda.h. */
    public static final int OK = 0, ERR_ARGUMENT = -1, ERR_NO_MEMORY = -2, ERR_NO_DEVICE = -10,
            ERR_RUNTIME = -11, ERR_POINTER = -12;
    static final int ABI_VERSION = 1;

    /** What loading found: the handles and devices, or the reason and fix. */
    public static final class State {
        public final boolean available;
        public final String reason;
        public final String fix;
        public final Path path;
        public final List<String> devices;
        public final String versions;

        State(boolean available, String reason, String fix, Path path, List<String> devices, String versions) {
            this.available = available;
            this.reason = reason;
            this.fix = fix;
            this.path = path;
            this.devices = devices;
            this.versions = versions;
        }
    }

    private static volatile State state;
    static MethodHandle forward, backward, lastError, malloc, free, memcpy, deviceCount, deviceInfo, versions,
            streamSync;

    private CudaLibrary() {
    }

    /** Loads on first call; never throws. */
    public static State state() {
        State s = state;
        if (s == null) {
            synchronized (CudaLibrary.class) {
                s = state;
                if (s == null) {
                    try {
                        s = load();
                    } catch (Throwable t) { // a broken library must not break the CPU backends
                        s = new State(false, "librational4j_cuda failed to load: " + t, null, null, List.of(), "");
                    }
                    state = s;
                }
            }
        }
        return s;
    }

    private static String fileName() {
        return "librational4j_cuda.so";
    }

    private static Path find() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path cpu = NativeLibrary.loadedPath();
        if (cpu != null && cpu.getParent() != null && Files.isRegularFile(cpu.getParent().resolve(fileName()))) {
            return cpu.getParent().resolve(fileName());
        }
        URL url = CudaLibrary.class.getClassLoader().getResource(
                "META-INF/native/org.rational4j/" + NativeLocator.platform() + "/" + fileName());
        if (url != null && url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                return null;
            }
        }
        return null;
    }

    private static State load() throws Throwable {
        if (!NativeLocator.platform().equals("linux-x86_64") && !NativeLocator.platform().equals("linux-aarch64")) {
            return new State(false, "CUDA is built for Linux only (this is " + NativeLocator.platform() + ")", null,
                    null, List.of(), "");
        }
        Path path = find();
        if (path == null || !Files.isRegularFile(path)) {
            return new State(false, "no " + fileName() + (path == null ? " found" : " at " + path)
                    + " (it is built only where CMake finds nvcc)", "build with the CUDA toolkit installed, or set -D"
                    + PROPERTY + "=/path/to/" + fileName(), path, List.of(), "");
        }
        SymbolLookup l;
        try {
            l = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalCallerException e) { // --illegal-native-access=deny (docs/loading.md)
            Module module = CudaLibrary.class.getModule();
            return new State(false, NativeAccess.denied("cuda", module, e).getMessage(),
                    NativeAccess.fix(module), path, List.of(), "");
        }
        Linker linker = Linker.nativeLinker();
        int abi = (int) linker.downcallHandle(sym(l, "r4j_cuda_abi_version"), FunctionDescriptor.of(JAVA_INT))
                .invokeExact();
        if (abi != ABI_VERSION) {
            return new State(false, path + " has CUDA ABI version " + abi + ", this jar needs " + ABI_VERSION,
                    "use the natives built with this version", path, List.of(), "");
        }
        FunctionDescriptor kernelArgs = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, ADDRESS);
        forward = linker.downcallHandle(sym(l, "r4j_cuda_forward"), kernelArgs);
        backward = linker.downcallHandle(sym(l, "r4j_cuda_backward"), FunctionDescriptor.of(JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        lastError = linker.downcallHandle(sym(l, "r4j_cuda_last_error"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        malloc = linker.downcallHandle(sym(l, "r4j_cuda_malloc"), FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        free = linker.downcallHandle(sym(l, "r4j_cuda_free"), FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        memcpy = linker.downcallHandle(sym(l, "r4j_cuda_memcpy"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                JAVA_LONG, JAVA_INT, JAVA_LONG));
        deviceCount = linker.downcallHandle(sym(l, "r4j_cuda_device_count"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        deviceInfo = linker.downcallHandle(sym(l, "r4j_cuda_device_info"), FunctionDescriptor.of(JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        versions = linker.downcallHandle(sym(l, "r4j_cuda_versions"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        streamSync = linker.downcallHandle(sym(l, "r4j_cuda_stream_synchronize"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rt = a.allocate(JAVA_INT), drv = a.allocate(JAVA_INT), count = a.allocate(JAVA_INT);
            int st = (int) versions.invokeExact(rt, drv);
            String ver = "CUDA runtime " + rt.get(JAVA_INT, 0) + ", driver " + (drv.get(JAVA_INT, 0) == 0 ? "none"
                    : String.valueOf(drv.get(JAVA_INT, 0)));
            st = (int) deviceCount.invokeExact(count);
            if (st != OK) {
                return new State(false, lastError() + " (" + ver + ")", "run on a machine with an NVIDIA GPU and driver",
                        path, List.of(), ver);
            }
            List<String> devs = new ArrayList<>();
            MemorySegment name = a.allocate(256), cc = a.allocate(JAVA_INT), mem = a.allocate(JAVA_LONG);
            for (int d = 0; d < count.get(JAVA_INT, 0); d++) {
                st = (int) deviceInfo.invokeExact(d, name, 256, cc, mem);
                devs.add(st == OK ? String.format("%d: %s, sm_%d, %d MiB", d, name.getString(0), cc.get(JAVA_INT, 0),
                        mem.get(JAVA_LONG, 0) >> 20) : d + ": " + lastError());
            }
            return new State(true, null, null, path, Collections.unmodifiableList(devs), ver);
        }
    }

    private static MemorySegment sym(SymbolLookup l, String name) {
        return l.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name));
    }

    /** This thread's last error message of the library. */
    static String lastError() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(512);
            int n = (int) lastError.invokeExact(buf, 512);
            return n == 0 ? "(no message)" : buf.getString(0);
        } catch (Throwable t) {
            return "(no message: " + t + ")";
        }
    }

    /** An exception for a failed call: the status and the library's message. */
    /** Throws {@link #failure} unless {@code status} is {@link #OK}. */
    static void check(String function, int status) {
        if (status != OK) {
            throw failure(function, status);
        }
    }

    static RuntimeException failure(String function, int status) {
        String msg = function + " failed (status " + status + "): " + lastError();
        if (status == ERR_ARGUMENT || status == ERR_POINTER) {
            return new IllegalArgumentException(msg);
        }
        return new IllegalStateException(msg);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
