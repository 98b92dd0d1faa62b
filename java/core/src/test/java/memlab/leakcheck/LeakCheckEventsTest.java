package memlab.leakcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording of a leak check holds one event per measured run and one verdict, with the report's own figures. */
class LeakCheckEventsTest {

    private static final int RUNS = 8;

    @Test
    void aRecordingHoldsEveryMeasuredRunAndTheVerdict(@TempDir Path dir) throws IOException {
        List<byte[]> kept = new ArrayList<>();
        Path file = dir.resolve("check.jfr");
        LeakReport report;
        try (Recording recording = new Recording()) {
            recording.enable("memlab.LeakCheckRun");
            recording.enable("memlab.LeakCheckVerdict");
            recording.start();
            report = LeakCheck.iterations(RUNS).warmUp(2).named("keeps 4 KiB a run")
                    .measure(() -> kept.add(new byte[4096]));
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> runs = events(file, "memlab.LeakCheckRun");
        runs.sort(Comparator.comparingInt(event -> event.getInt("run")));
        assertEquals(RUNS, runs.size());
        double[] heap = report.witness(LeakCheck.HEAP).samples();
        double[] tracked = report.witness(LeakCheck.TRACKED).samples();
        for (int i = 0; i < RUNS; i++) {
            RecordedEvent run = runs.get(i);
            assertEquals("keeps 4 KiB a run", run.getString("check"));
            assertEquals(i + 1, run.getInt("run"));
            // the same readings the report fits its line through, not a second measurement
            assertEquals((long) heap[i], run.getLong("heapBytes"));
            assertEquals((long) tracked[i], run.getLong("trackedNativeBytes"));
            assertTrue(run.getLong("residentBytes") > 0);
        }

        List<RecordedEvent> verdicts = events(file, "memlab.LeakCheckVerdict");
        assertEquals(1, verdicts.size());
        RecordedEvent verdict = verdicts.get(0);
        assertTrue(report.leaks());
        assertTrue(verdict.getBoolean("leaks"));
        assertEquals(RUNS, verdict.getInt("runs"));
        assertTrue(verdict.getString("leakingWitnesses").contains(LeakCheck.HEAP), verdict.getString("leakingWitnesses"));
        assertEquals(report.witness(LeakCheck.HEAP).fit().slope(), verdict.getDouble("heapBytesPerRun"));
        assertEquals(report.describe(), verdict.getString("report"));
    }

    @Test
    void aCleanCheckRecordsAVerdictOfNoLeak(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("clean.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("memlab.LeakCheckVerdict");
            recording.disable("memlab.LeakCheckRun");
            recording.start();
            LeakCheck.assertNoLeak(10, () -> new StringBuilder("garbage").append(1).toString());
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> verdicts = events(file, "memlab.LeakCheckVerdict");
        assertEquals(1, verdicts.size());
        assertFalse(verdicts.get(0).getBoolean("leaks"));
        assertEquals("", verdicts.get(0).getString("leakingWitnesses"));
        // runs were disabled in this recording, so none is in it
        assertTrue(events(file, "memlab.LeakCheckRun").isEmpty());
    }

    private static List<RecordedEvent> events(Path file, String name) throws IOException {
        return new ArrayList<>(RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals(name)).toList());
    }
}
