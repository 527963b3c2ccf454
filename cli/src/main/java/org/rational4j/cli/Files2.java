package org.rational4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File helpers: outputs are written to a temporary file beside the target and moved into place. */
final class Files2 {
    private Files2() {
    }

    /** Writes one output file. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} completely or not at all: into a temporary file in the same folder, then
     * an atomic move. Creates missing parent folders.
     *
     * @throws CliException (exit 3) when the file cannot be written, naming it
     */
    static void writeAtomically(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (Files.isDirectory(abs)) {
                throw CliException.io("cannot write " + target + ": it is a folder; give a file name", null);
            }
            // Not createTempFile: that makes the file owner-only (0600); outputs are ordinary files
            // that get the user's umask. createFile fails rather than reuse an existing name.
            tmp = abs.resolveSibling("." + abs.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".part");
            Files.createFile(tmp);
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            Cancellation.check();
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw CliException.io("cannot write " + target + ": " + describe(e)
                    + "; choose a writable path", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
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
