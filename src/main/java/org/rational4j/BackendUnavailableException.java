package org.rational4j;

/**
 * A backend cannot run in this JVM: the message says why and what would fix it.
 */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String backend;
    private final String fix;

    public BackendUnavailableException(String backend, String reason, String fix) {
        this(backend, reason, fix, null);
    }

    public BackendUnavailableException(String backend, String reason, String fix, Throwable cause) {
        super("backend '" + backend + "' is not available: " + reason + (fix == null ? "" : "; " + fix), cause);
        this.backend = backend;
        this.fix = fix;
    }

    public String backend() {
        return backend;
    }

    /** What the user can do about it (a JVM flag, a dependency), or null. */
    public String fix() {
        return fix;
    }
}
