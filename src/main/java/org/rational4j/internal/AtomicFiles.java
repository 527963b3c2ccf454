package org.rational4j.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way rational4j writes a file (checkpoints, safetensors, and the command line's outputs):
 * completely or not at all, into a temporary file beside the target that is then moved into place
 * (atomically where the file system can). One permission rule for every writer: the file is created
 * like any other file the user writes, with the default permissions the user's umask gives (not
 * {@code Files.createTempFile}'s owner-only 0600); an existing target is replaced, not modified.
 * Internal.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file's contents. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer}: the target appears whole or, on any failure
     * (the writer's included), unchanged. The parent folder must exist.
     *
     * @throws FileSystemException when the target is a folder
     * @throws IOException when the file cannot be written; the temporary file is removed
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(target.toString(), null, "is a folder; give a file name");
        }
        // createFile fails rather than reuse an existing name; a random suffix keeps writers apart
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        Files.createFile(tmp);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code bytes} to {@code target} as {@link #write(Path, Writer)} does. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
