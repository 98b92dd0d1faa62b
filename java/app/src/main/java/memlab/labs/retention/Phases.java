package memlab.labs.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.measure.ProcessProbe;
import memlab.nativelib.ProcessStats;

import static memlab.labs.retention.Lab12_Retention.APPLICATION;
import static memlab.labs.retention.Lab12_Retention.FIRST_LOAD;
import static memlab.labs.retention.Lab12_Retention.PHASE;
import static memlab.labs.retention.Lab12_Retention.RSS_AFTER_FREE;
import static memlab.labs.retention.Lab12_Retention.RSS_LOADED;
import static memlab.labs.retention.Lab12_Retention.SECOND_LOAD;

/**
 * The phases both sides of lab 12 go through (load, free, a batched job, give back), each
 * recorded as a point of the row's series with the application's bytes and the system's: RSS and
 * what this side adds ({@link HeapPhases}, {@link NativePhases}).
 */
abstract class Phases {
    final Row row;
    final long loadBytes;
    private final ProcessStats start;
    private int phase;
    private long rssLoaded = Long.MIN_VALUE;
    private long rssAfterFree = Long.MIN_VALUE;
    private long rssAfterGiveBack = Long.MIN_VALUE;
    private final List<Long> loadNanos = new ArrayList<>();

    Phases(Row row, long loadBytes) {
        this.row = row;
        this.loadBytes = loadBytes;
        this.start = ProcessProbe.now();
    }

    abstract void warmUp();

    abstract long applicationBytes();

    /** System bytes this side adds: committed heap, or what the C allocator holds from the OS. */
    abstract Map<String, Long> systemBytes(ProcessStats now);

    abstract void doLoad();

    abstract void doFree();

    abstract void doBatches();

    /**
     * System.gc() on the heap, malloc_trim(0) in C; returns what the phase is called, or null when
     * this OS has no way to give memory back (no malloc_trim outside glibc): then no phase is
     * recorded and no "after" figure is written, rather than one for a step that did nothing.
     */
    abstract String doGiveBack();

    /** The metric of RSS after {@link #doGiveBack}: rss_after_gc_bytes or rss_after_trim_bytes. */
    abstract Metric giveBackMetric();

    void load(String name) {
        long began = System.nanoTime();
        doLoad();
        long nanos = System.nanoTime() - began;
        loadNanos.add(nanos);
        long rss = record(name).get(Metrics.RSS.name()).longValue();
        if (rssLoaded == Long.MIN_VALUE) {
            rssLoaded = rss;
        }
    }

    void free(String name) {
        free(name, this::doFree);
    }

    void free(String name, Runnable how) {
        how.run();
        long rss = record(name).get(Metrics.RSS.name()).longValue();
        if (rssAfterFree == Long.MIN_VALUE) {
            rssAfterFree = rss;
        }
    }

    void batches(String name) {
        doBatches();
        record(name);
    }

    void giveBack() {
        String name = doGiveBack();
        if (name == null) {
            return;
        }
        long rss = record(name).get(Metrics.RSS.name()).longValue();
        if (rssAfterGiveBack == Long.MIN_VALUE) {
            rssAfterGiveBack = rss;
        }
    }

    /** One point of the series: phase number, and every book's figure relative to the start. */
    Map<String, Number> record(String name) {
        ProcessStats now = ProcessProbe.now();
        Map<String, Number> point = new LinkedHashMap<>();
        point.put(PHASE, ++phase);
        point.put(APPLICATION, applicationBytes());
        point.put(Metrics.RSS.name(), now.residentBytes() - start.residentBytes());
        systemBytes(now).forEach(point::put);
        row.point(point);
        String phases = row.labels().get("phases");
        row.label("phases", (phases == null ? "" : phases + ", ") + phase + " " + name);
        return point;
    }

    Row summarize() {
        row.metric(RSS_LOADED, rssLoaded)
                .metric(RSS_AFTER_FREE, rssAfterFree)
                .metric(FIRST_LOAD, loadNanos.get(0));
        if (rssAfterGiveBack != Long.MIN_VALUE) {
            row.metric(giveBackMetric(), rssAfterGiveBack);
        }
        if (loadNanos.size() > 1) {
            row.metric(SECOND_LOAD, loadNanos.get(1));
        }
        return row;
    }
}
