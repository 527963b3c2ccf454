package org.rational4j.internal;

/**
 * Run in child JVMs by {@link BackendSelectionTest}: picks the default backend as a user's JVM
 * would ({@code -Drational4j.backend}) and prints what it got, or the exception.
 */
public final class BackendChild {
    private BackendChild() {
    }

    public static void main(String[] args) {
        try {
            Backend b = Backends.defaultBackend();
            System.out.println("BACKEND " + b.name());
            System.out.println("DESCRIBE " + b.describe());
            System.out.println("PATH " + NativeLibrary.loadedPath());
            if (b.isNative()) {
                System.out.println("TIER " + NativeTiers.activeIsa());
            }
            for (String line : Backends.autoReport()) {
                System.out.println("REPORT " + line);
            }
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
