package memlab.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import memlab.util.UsageException;

/**
 * The --out directory: checked before any lab runs, and when it cannot be written, refused in the
 * user's words (a file in the way, no permission, a read-only disk), never as a Java exception.
 */
final class OutDir {

    private OutDir() {
    }

    /** Checks {@code dir} without creating anything: the nearest folder on its way exists and is writable. */
    static void check(Path dir) {
        Path existing = nearestExisting(dir);
        if (existing != null && !Files.isDirectory(existing)) {
            throw refused(dir, existing.equals(dir) ? "it is a file, not a folder" : existing + " is a file, not a folder");
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw refused(dir, "you cannot write in " + existing);
        }
    }

    /** Creates {@code dir} and proves it writable with a probe file. */
    static Path create(Path dir) {
        check(dir);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".memlab-write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw cannotWrite(dir, e);
        }
        return dir;
    }

    /** The refusal for a write into {@code dir} that failed with {@code e}. */
    static UsageException cannotWrite(Path dir, IOException e) {
        return refused(dir, why(dir, e));
    }

    private static UsageException refused(Path dir, String why) {
        return new UsageException("cannot write the report to " + dir + ": " + why
                + "; choose a --out folder you can write to");
    }

    /** What went wrong, in words: from what is on disk first, else from the system's own reason. */
    private static String why(Path dir, IOException e) {
        Path existing = nearestExisting(dir);
        if (existing != null && !Files.isDirectory(existing)) {
            return existing + " is a file, not a folder";
        }
        String where = existing != null ? existing.toString() : dir.toString();
        return switch (e) {
            case AccessDeniedException denied -> "you have no permission to write in " + where;
            case NoSuchFileException missing -> "the folder " + missing.getFile() + " does not exist and cannot be created";
            case FileAlreadyExistsException taken -> taken.getFile() + " is in the way, and it is not a folder";
            // the operating system's words, e.g. "Read-only file system", "No space left on device"
            case FileSystemException other when other.getReason() != null -> where + ": " + lowerFirst(other.getReason());
            default -> "the system refused" + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
        };
    }

    /** The deepest of {@code dir} and its parents that exists; null if none does. */
    private static Path nearestExisting(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
