package org.rational4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rational4j.internal.AtomicFiles;

/** File helpers of the command line: whole-file writes and reads with one-line errors. */
final class Files2 {
    private Files2() {
    }

    /**
     * Writes {@code target} completely or not at all, as the library writes files
     * ({@link AtomicFiles}: a temporary file beside it, then a move; the user's umask). Creates
     * missing parent folders; a cancelled command (Ctrl-C) leaves no file behind.
     *
     * @throws CliException (exit 3) when the file cannot be written, naming it
     */
    static void writeAtomically(Path target, AtomicFiles.Writer writer) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            AtomicFiles.write(target, out -> {
                writer.write(out);
                Cancellation.check();
            });
        } catch (IOException e) {
            throw CliException.io("cannot write " + target + ": " + describe(e)
                    + "; choose a writable path", e);
        }
    }

    /** Reads a whole file, with a one-line error (exit 3) naming it. */
    static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw CliException.io("cannot read " + path + ": " + describe(e), e);
        }
    }

    /** A short reason for an I/O failure. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder (" + ((NoSuchFileException) e).getFile() + ")";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + ((AccessDeniedException) e).getFile() + ")";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way (" + ((FileSystemException) e).getFile() + ")";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder (" + ((FileSystemException) e).getFile() + ")";
        }
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            return (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason())
                    + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
