package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;


class CliTest {

    @Test
    void listNamesEveryLab() throws Exception {
        MemlabProcess.Result result = MemlabProcess.run("list");
        assertEquals(0, result.exit(), result.stderr());
        assertTrue(result.stdout().contains("05  leak"), result.stdout());
        assertTrue(result.stdout().contains("defaults: --count 10 (iterations)  --size 10.0MiB (bytes per chunk)"), result.stdout());
        for (String lab : List.of("01  materialize", "02  cycles", "03  layout", "04  stack-vs-heap", "08  arena",
                "13  payload")) {
            assertTrue(result.stdout().contains(lab), result.stdout());
        }
    }

    @Test
    void helpTellsTheCommandsAndExitCodes() throws Exception {
        MemlabProcess.Result result = MemlabProcess.run("--help");
        assertEquals(0, result.exit());
        for (String text : List.of("list", "run", "all", "Exit codes")) {
            assertTrue(result.stdout().contains(text), text);
        }
        MemlabProcess.Result run = MemlabProcess.run("run", "--help");
        for (String text : List.of("--sides", "--size", "--count", "--iterations", "--format", "--out", "--quick")) {
            assertTrue(run.stdout().contains(text), text);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasTheDocumentedShape() throws Exception {
        MemlabProcess.Result result = MemlabProcess.run("run", "5", "--sides", "ffm", "--size", "1MB",
                "--iterations", "3", "--format", "json");
        assertEquals(0, result.exit(), result.stderr());
        Map<String, Object> json = new ObjectMapper().readValue(result.stdout(), Map.class);
        assertEquals(List.of("lab", "number", "title", "seed", "seed_figure", "question", "lesson", "reading", "params",
                "machine", "rows"), List.copyOf(json.keySet()));
        // lab 05's RSS depends on the machine's memory policy: what was found, by a stable label
        assertEquals(List.of("transparent huge pages", "swap", "cgroup memory limit", "C allocator"),
                List.copyOf(((Map<String, Object>) json.get("machine")).keySet()));
        assertEquals("leak", json.get("lab"));
        assertEquals(Map.of("size_bytes", 1 << 20, "iterations", 3), json.get("params"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        assertEquals(3, rows.size());
        Map<String, Object> leak = rows.get(0);
        assertEquals("ffm", leak.get("side"));
        assertEquals("ffm_malloc_no_free", leak.get("variant"));
        assertEquals(3 << 20, ((Map<String, Number>) leak.get("metrics")).get("tracked_live_bytes").intValue());
        assertEquals(4, ((List<?>) leak.get("series")).size(), "the start, then each of 3 iterations");
        for (String metric : ((Map<String, Number>) leak.get("metrics")).keySet()) {
            assertTrue(metric.matches(".*_(bytes|ns|count)"), "unit suffix: " + metric);
        }
    }
}
