package org.rational4j.cli;

/**
 * Ctrl-C handling. {@link Main} installs a shutdown hook that raises the flag and waits (briefly)
 * for the running command to notice it at its next {@link #check()} and unwind, so that temporary
 * files are removed and no half-written output is left behind (outputs are written to a temporary
 * file and moved into place only when complete, see {@link Files2}).
 */
public final class Cancellation {
    private static volatile boolean cancelled;

    private Cancellation() {
    }

    public static void cancel() {
        cancelled = true;
    }

    /** Clears the flag (tests run several commands in one JVM). */
    public static void reset() {
        cancelled = false;
    }

    public static boolean isCancelled() {
        return cancelled;
    }

    /** Throws when Ctrl-C was pressed (or the thread was interrupted). */
    public static void check() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new CliException(ExitCode.INTERRUPTED,
                    "interrupted; unfinished outputs were not written");
        }
    }
}
