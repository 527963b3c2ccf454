package org.rational4j.cli;

/** The exit codes of {@code rational4j}. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A runtime failure: a backend failed, a computation did not converge, an unexpected error. */
    public static final int FAILURE = 1;
    /** Bad usage or bad input: unknown option or function, bad degrees or interval, a malformed
     * checkpoint or .npy file, arrays that do not match. */
    public static final int USAGE = 2;
    /** A file could not be read or written (missing, not writable, disk full). */
    public static final int IO = 3;
    /** Stopped by Ctrl-C (SIGINT); outputs not yet finished were not written. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
