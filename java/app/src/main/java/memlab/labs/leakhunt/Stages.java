package memlab.labs.leakhunt;

import java.util.LinkedHashMap;
import java.util.Map;

import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.nativelib.NativeMemory;

import static memlab.labs.leakhunt.Lab10_LeakHunt.FINAL_CURRENT;
import static memlab.labs.leakhunt.Lab10_LeakHunt.LANDMARKS;
import static memlab.labs.leakhunt.Lab10_LeakHunt.OBJECTS_PER_CYCLE;
import static memlab.labs.leakhunt.Lab10_LeakHunt.RUNS;
import static memlab.labs.leakhunt.Lab10_LeakHunt.STAGES;
import static memlab.labs.leakhunt.Lab10_LeakHunt.STAGE_BYTES;

/** The seed's lifecycle (§4) and long-running retention (§3) tables, on the heap and in C. */
final class Stages {

    private Stages() {
    }

    /** What a side's memory is now: heap after a full GC, or tracked native bytes (exact). */
    private static long current(NativeMemory lib) {
        return lib == null ? HeapProbe.settled().usedBytes() : lib.allocStats().liveBytes();
    }

    private static NativeMemory memory(Side side) {
        return side == Side.HEAP ? null : side.memory();
    }

    static Row lifecycle(VariantArgs args) {
        NativeMemory lib = memory(args.side());
        Row row = new Row(args.variant());
        // warm-up: the same stages and the same measuring, off the record (the readings are dropped)
        new Dataset(lib, OBJECTS_PER_CYCLE, LANDMARKS).runAllStages(() -> current(lib));
        long base = current(lib);
        Dataset dataset = new Dataset(lib, OBJECTS_PER_CYCLE, LANDMARKS);
        int[] stage = {0};
        dataset.runAllStages(() -> {
            long bytes = current(lib) - base;
            row.metric(STAGE_BYTES.get(stage[0]), bytes);
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("stage", stage[0] + 1);
            point.put("bytes", bytes);
            row.point(point);
            stage[0]++;
        });
        return row.label("stages", String.join(" -> ", STAGES));
    }

    static Row longRunning(VariantArgs args) {
        NativeMemory lib = memory(args.side());
        Row row = new Row(args.variant());
        long base = current(lib);
        if (lib != null) {
            lib.resetPeak();
        }
        long peak = 0;
        for (int run = 0; run < RUNS.length; run++) {
            Dataset dataset = new Dataset(lib, RUNS[run][0], RUNS[run][1]);
            long[] fullest = {0};
            // heap: live bytes after a full GC at each stage (heap used without a GC misses what
            // sits in G1's current allocation region); native: the tracked allocator's exact peak
            dataset.runAllStages(() -> fullest[0] = Math.max(fullest[0], lib == null
                    ? current(null) - base : lib.allocStats().peakLiveBytes() - base));
            peak = Math.max(peak, fullest[0]);
            long now = current(lib) - base;
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("run", run + 1);
            point.put("current_bytes", now);
            point.put(Metrics.PEAK.name(), peak);
            row.point(point);
            row.metric(FINAL_CURRENT, now);
        }
        return row.metric(Metrics.PEAK, peak)
                .label("runs", "500x10, 1000x10, 500x20, 1000x20, 2000x10 objects x landmarks")
                .label("peak_measured_by", lib == null ? "the largest live size after a full GC at each stage"
                        : "the tracked allocator's peak (exact)");
    }
}
