package org.rational4j.internal;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Run in child JVMs by {@link NativeLibraryTest}: waits until a given wall-clock instant, then
 * extracts the fake library from a resource folder into a cache folder, and prints the path.
 * Args: resourceFolder cacheFolder startAtMillis platform.
 */
public final class LoaderChild {
    private LoaderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path resources = Paths.get(args[0]);
        Path cache = Paths.get(args[1]);
        long startAt = Long.parseLong(args[2]);
        String platform = args[3];
        try (URLClassLoader cl = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null)) {
            NativeLocator loader = new NativeLocator(null, cl, NativeLocator.RESOURCE_ROOT, platform,
                    cache);
            while (System.currentTimeMillis() < startAt) {
                Thread.onSpinWait();
            }
            NativeLibrary.Location where = null;
            for (int i = 0; i < 20; i++) {
                where = loader.locate();
            }
            System.out.println("PATH " + where.path);
        }
    }
}
