package org.rational4j.cli;

/**
 * A failure the command line reports as one line (no stack trace unless {@code --verbose}) with a
 * meaningful exit code; see {@link ExitCode}.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Bad arguments or a malformed input file (exit 2). */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    /** A file that cannot be read or written (exit 3). */
    public static CliException io(String message, Throwable cause) {
        return new CliException(ExitCode.IO, message, cause);
    }
}
