package memlab.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every temporary file memlab makes lives in a directory named {@code memlab-<pid>-<purpose>-<random>}
 * under java.io.tmpdir: the extracted native library, a child JVM's output and error report, lab
 * 11's database, lab 07's depth files. A run deletes its own when done. A run that was killed
 * cannot, so each new run first sweeps the directories of memlab processes that no longer exist.
 */
public final class TempDirs {

    private static final Pattern OWNED = Pattern.compile("memlab-(\\d+)-.*");

    private TempDirs() {
    }

    /** A new directory for {@code purpose}, tagged with this process's id. */
    public static Path create(String purpose) throws IOException {
        return Files.createTempDirectory("memlab-" + ProcessHandle.current().pid() + "-" + purpose + "-");
    }

    /** Deletes a directory and everything in it; a file that will not go is left, quietly. */
    public static void deleteTree(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: what remains is swept by the next run once this process is gone
        }
    }

    /** Deletes the memlab directories of processes that have ended; returns how many went. */
    public static int sweepStale() {
        return sweepStale(Path.of(System.getProperty("java.io.tmpdir")));
    }

    static int sweepStale(Path tempRoot) {
        int swept = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, "memlab-*")) {
            for (Path entry : entries) {
                Matcher owner = OWNED.matcher(entry.getFileName().toString());
                if (owner.matches() && Files.isDirectory(entry) && !alive(owner.group(1))) {
                    deleteTree(entry);
                    swept += Files.exists(entry) ? 0 : 1;
                }
            }
        } catch (IOException e) {
            // an unreadable temp directory is not memlab's to fix; its own files still go at exit
        }
        return swept;
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a pid we wrote: leave it alone
        }
    }
}
