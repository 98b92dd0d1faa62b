package memlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirsTest {

    /** Above any pid_max a kernel allows: no process has it, so its directories are stale. */
    private static final long NO_SUCH_PID = 2_147_483_646L;

    @Test
    void directoriesOfEndedRunsAreSweptAndLiveOnesKept(@TempDir Path root) throws Exception {
        Path stale = Files.createDirectories(root.resolve("memlab-" + NO_SUCH_PID + "-child-123"));
        Files.writeString(stale.resolve("hs_err_pid1.log"), "left by a killed run");
        Path live = Files.createDirectories(root.resolve("memlab-" + ProcessHandle.current().pid() + "-native-9"));
        Path notOurs = Files.createDirectories(root.resolve("memlab-notes"));

        assertEquals(1, TempDirs.sweepStale(root));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(notOurs));
    }

    @Test
    void aNewDirectoryCarriesThisProcessIdAndIsDeletedWithItsContents() throws Exception {
        Path dir = TempDirs.create("test");
        assertTrue(dir.getFileName().toString().startsWith("memlab-" + ProcessHandle.current().pid() + "-test-"));
        Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("file"), "x");
        TempDirs.deleteTree(dir);
        assertFalse(Files.exists(dir));
    }
}
