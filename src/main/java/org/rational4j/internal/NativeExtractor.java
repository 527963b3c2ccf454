package org.rational4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Copies the bundled library out of its jar into a per-user cache folder, because the OS loads
 * code only from files. Loading code from a shared folder is a way in for other users, so the
 * folder must be the user's own and not writable by others, the file is named after its SHA-256,
 * written to a temporary file, verified against the jar's {@code .sha256} and renamed into place
 * atomically; a cached file is reused only when its hash matches. Internal.
 */
public final class NativeExtractor {
    /** Cache folder for the extracted library. */
    public static final String CACHE_PROPERTY = "rational4j.cache.dir";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_EXEC = PosixFilePermissions.fromString("r-x------");

    private NativeExtractor() {
    }

    /**
     * The cache folder: {@code -Drational4j.cache.dir}, else {@code $XDG_CACHE_HOME/rational4j}, else
     * {@code %LOCALAPPDATA%\rational4j} on Windows, else {@code ~/.cache/rational4j}.
     */
    public static Path defaultCacheDir() {
        String prop = System.getProperty(CACHE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()) {
            return Paths.get(xdg, "rational4j");
        }
        String local = System.getenv("LOCALAPPDATA");
        if ("windows".equals(NativeLocator.normalizeOs(System.getProperty("os.name"))) && local != null && !local.isBlank()) {
            return Paths.get(local, "rational4j");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "rational4j");
    }

    /** The 64 hex digits at the start of a sha256sum-format file. */
    static String parseSha256(byte[] content, String what) throws IOException {
        String text = new String(content, StandardCharsets.US_ASCII).trim();
        String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!first.matches("[0-9a-f]{64}")) {
            throw new IOException(what + " does not start with a SHA-256 in hex");
        }
        return first;
    }

    /** The cached file name: {@code librational4j-<first 16 hex digits of the SHA-256>.so}. */
    static String cachedName(String libName, String sha256) {
        int dot = libName.lastIndexOf('.');
        return libName.substring(0, dot) + "-" + sha256.substring(0, 16) + libName.substring(dot);
    }

    /**
     * Extracts {@code lib} into {@code cacheDir} under its content-hashed name, or reuses the file
     * there when its SHA-256 matches. Safe when many threads and JVMs extract at once: every writer
     * writes its own temporary file, verifies it and renames it over the target atomically, and a
     * file is only ever returned after its hash matched.
     */
    static Path extract(URL lib, String sha256, String libName, Path cacheDir) throws IOException {
        secureDirectory(cacheDir);
        Path target = cacheDir.resolve(cachedName(libName, sha256));
        if (hashMatches(target, sha256)) {
            return target;
        }
        Path tmp = Files.createTempFile(cacheDir, "." + libName + "-", ".tmp"); // owner-only (0600) on POSIX
        try {
            try (InputStream in = lib.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String got = sha256(tmp);
            if (!got.equals(sha256)) {
                throw new IOException("the bundled library's SHA-256 is " + got + " but its .sha256 says " + sha256
                        + " (corrupt natives jar)");
            }
            setPermissions(tmp, OWNER_READ_EXEC);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + cacheDir + " cannot rename atomically", e);
            } catch (IOException e) {
                // Windows: a loaded DLL cannot be replaced; another JVM may have put the right file there.
                if (!hashMatches(target, sha256)) {
                    throw e;
                }
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean hashMatches(Path file, String sha256) throws IOException {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && sha256(file).equals(sha256);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The SHA-256 of a file in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void setPermissions(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
        }
    }

    private static boolean posix(Path p) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} with owner-only permissions, or checks that an existing one is a folder
     * owned by this user and not writable by group or others.
     *
     * @throws IOException saying what is wrong with it
     */
    static void secureDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir);
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.exists(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException e) {
                // another thread or JVM made it: check it below like any existing folder
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
        if (!a.isDirectory()) {
            throw new IOException("cache folder " + dir + " is not a folder");
        }
        UserPrincipal me = currentUser(dir);
        if (me != null && !a.owner().equals(me)) {
            throw new IOException("cache folder " + dir + " is owned by " + a.owner().getName() + ", not by "
                    + me.getName() + "; refusing to load code from it");
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("cache folder " + dir + " is writable by group or others ("
                    + PosixFilePermissions.toString(p) + "); refusing to load code from it (chmod 700 it)");
        }
    }

    private static UserPrincipal currentUser(Path near) {
        try {
            return near.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            // no passwd entry for this uid (containers): the owner of a file we create is us
            try {
                Path probe = Files.createTempFile("rational4j-owner", ".tmp");
                try {
                    return Files.getOwner(probe);
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException e2) {
                return null;
            }
        }
    }
}
