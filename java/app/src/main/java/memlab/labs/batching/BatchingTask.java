package memlab.labs.batching;

import java.lang.ref.Reference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import memlab.lab.ChildTask;
import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.PeakHeap;
import memlab.measure.ProcessProbe;
import memlab.nativelib.OsSupport;
import memlab.util.Sizes;

import static memlab.labs.batching.Lab11_Batching.ALLOCATED;
import static memlab.labs.batching.Lab11_Batching.COLLECTIONS;
import static memlab.labs.batching.Lab11_Batching.ID_SUM;
import static memlab.labs.batching.Lab11_Batching.NATIVE_PEAK;
import static memlab.labs.batching.Lab11_Batching.PEAK_HEAP_USED;
import static memlab.labs.batching.Lab11_Batching.PEAK_LIVE_HEAP;
import static memlab.labs.batching.Lab11_Batching.PEAK_RSS_DELTA;
import static memlab.labs.batching.Lab11_Batching.RETAINED_HEAP;
import static memlab.labs.batching.Lab11_Batching.ROWS_PER_S;
import static memlab.labs.batching.Lab11_Batching.ROWS_PROCESSED;

/**
 * One lab 11 variant in a child JVM of its own: reads every user once from the parent's database
 * and measures what that took. A budgeted variant runs under the heap budget and reports only
 * whether it finished, how far it got and its peak heap, never a time: budgeted children run side
 * by side. An {@link OutOfMemoryError} ends it as a failed row, not as a dead child.
 */
public final class BatchingTask implements ChildTask {

    @Override
    public Row run(VariantArgs args) throws Exception {
        Optional<Variant> plain = Lab11_Batching.unbudgeted(args.variant());
        boolean budgeted = plain.isPresent();
        String kind = plain.orElse(args.variant()).kind();
        Row row = new Row(args.variant());
        try (Connection connection = UsersDatabase.openReadOnly()) {
            ReadStrategies reading = new ReadStrategies(connection, args.side(), args.count(), budgeted ? null : row);
            reading.warmUp(ReadStrategies.SERIES_POINTS); // over a few batches: driver classes, statements, JIT
            reading.reset();

            long heapBase = HeapProbe.settled().usedBytes();
            long rssBase = ProcessProbe.resetPeakResident();
            long trackedBase = NativeProbe.trackedLiveBytes();
            long allocatedBase = HeapProbe.threadAllocatedBytes();
            try (PeakHeap peak = PeakHeap.start()) {
                long began = System.nanoTime();
                OptionalLong timed = budgeted ? OptionalLong.empty() : OptionalLong.of(began);
                Object held;
                try {
                    held = reading.run(kind);
                } catch (OutOfMemoryError e) {
                    return ranOutOfMemory(reading, row, timed, "OutOfMemoryError (" + e.getMessage() + ")");
                } catch (SQLException e) {
                    // The heap can run out inside the driver's native code, which then throws a SQLException
                    // ("Out of memory", or no message at all) instead of the OutOfMemoryError
                    long used = HeapProbe.now().usedBytes();
                    long max = Runtime.getRuntime().maxMemory();
                    if (!outOfMemory(e) && used < max / 10 * 9) {
                        throw e;
                    }
                    return ranOutOfMemory(reading, row, timed, String.format("OutOfMemoryError inside the driver,"
                            + " which reported it as an SQL error%s with %s of the %s heap in use",
                            e.getMessage() == null ? "" : " (" + e.getMessage() + ")", Sizes.format(used), Sizes.format(max)));
                }
                long elapsed = System.nanoTime() - began;
                PeakHeap.Marks marks = peak.marks();
                long peakRss = ProcessProbe.peakResidentBytes();
                row.metric(ROWS_PROCESSED, reading.rowsSeen)
                        .metric(ID_SUM, reading.idSum)
                        .metric(PEAK_HEAP_USED, marks.peakUsedBytes() - heapBase);
                if (!budgeted) {
                    row.metric(ROWS_PER_S, Math.round(reading.rowsSeen / (elapsed / 1e9)))
                            .metric(Metrics.ELAPSED, elapsed);
                    // reachable at some collection during the run, or at the end (settled, still held)
                    long retained = HeapProbe.settled().usedBytes() - heapBase;
                    row.metric(PEAK_LIVE_HEAP, Math.max(retained, marks.peakLiveBytes() - heapBase))
                            .metric(RETAINED_HEAP, retained)
                            .metric(ALLOCATED, HeapProbe.threadAllocatedBytes() - allocatedBase)
                            .metric(COLLECTIONS, marks.collections());
                    if (peakRss >= 0 && rssBase >= 0) {
                        row.metric(PEAK_RSS_DELTA, peakRss - rssBase);
                    } else {
                        row.label("peak_rss", OsSupport.PEAK_RESIDENT.unsupportedHere());
                    }
                    if (args.side() != Side.HEAP) {
                        row.metric(NATIVE_PEAK, reading.nativePeak - trackedBase);
                    }
                }
                Reference.reachabilityFence(held); // what the variant holds stays held until measured
                reading.dropEverything();
                return row;
            }
        }
    }

    private static Row ranOutOfMemory(ReadStrategies reading, Row row, OptionalLong began, String what) {
        reading.dropEverything(); // the heap is full: let go before building the row
        if (began.isPresent()) {
            row.metric(Metrics.ELAPSED, System.nanoTime() - began.getAsLong());
        }
        return row.metric(ROWS_PROCESSED, reading.rowsSeen)
                .outcome(new Outcome.Failed(what + " after " + String.format("%,d", reading.rowsSeen) + " rows"));
    }

    private static boolean outOfMemory(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError
                    || (cause.getMessage() != null && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("out of memory"))) {
                return true;
            }
        }
        return false;
    }
}
