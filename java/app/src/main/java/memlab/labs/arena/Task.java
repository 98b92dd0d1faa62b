package memlab.labs.arena;

import java.lang.ref.Reference;

import memlab.lab.ChildTask;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.NmtProbe;
import memlab.measure.ObjectSizes;

import static memlab.labs.arena.Lab08_Arena.AFTER_GC;
import static memlab.labs.arena.Lab08_Arena.AFTER_RELEASE;
import static memlab.labs.arena.Lab08_Arena.FRUITLESS_GC_ROUNDS;
import static memlab.labs.arena.Lab08_Arena.GC_ROUNDS;
import static memlab.labs.arena.Lab08_Arena.JOL_SIZE;
import static memlab.labs.arena.Lab08_Arena.MAX_GC_ROUNDS;
import static memlab.labs.arena.Lab08_Arena.NMT_OTHER_HELD;
import static memlab.labs.arena.Lab08_Arena.RELEASED_SHARE;

/**
 * One allocation variant of lab 08, in a child JVM with NMT on: it allocates, measures what is
 * held, lets go the variant's way, and measures again right after and then after collections.
 */
public final class Task implements ChildTask {

    private static final long WARM_UP_BYTES = 4096;

    @Override
    public Row run(VariantArgs args) throws Exception {
        Variant variant = args.variant();
        long size = args.sizeBytes();
        int count = args.countAsInt();
        long bytes = size * count;

        // One unmeasured 4 KiB allocation loads the classes, compiles the paths, binds the C function
        // and makes the probes' own first mallocs (NMT, MBeans), so the measured pass sees the
        // allocation, not start-up. It is never released: a Cleaner freeing it during the measurement
        // would skew the figures. Held throughout, it cancels out of every difference.
        Subject warmUp = Subject.of(variant, WARM_UP_BYTES, 1);
        warmUp.allocate.run();
        nmtOther();
        NativeProbe.allocatorInUseBytes();

        Subject subject = Subject.of(variant, size, count);

        Row row = new Row(variant).label("witness", subject.witness);
        HeapProbe.settled();
        long nmtStart = nmtOther();
        long witnessStart = subject.measure.getAsLong();
        long allocatorStart = NativeProbe.allocatorInUseBytes();

        subject.allocate.run();
        long held = subject.measure.getAsLong() - witnessStart;
        // the allocator before NMT: generating NMT's report mallocs for itself
        long allocatorHeld = NativeProbe.allocatorInUseBytes() - allocatorStart;
        row.metric(Metrics.HELD, held)
                .metric(NMT_OTHER_HELD, nmtOther() - nmtStart)
                .metric(Metrics.ALLOCATOR_HELD, allocatorHeld);
        if (!subject.heapObjects.isEmpty()) {
            // a second witness: JOL's exact object sizes. Heap used counts whole G1 regions for a
            // humongous array (one of at least half a region), so it can read more.
            long jolBytes = subject.heapObjects.stream().mapToLong(ObjectSizes::shallowBytes).sum();
            row.metric(JOL_SIZE, jolBytes);
            String note = HeapProbe.humongousNote(held, jolBytes);
            if (note != null) {
                row.label("why_heap_used_differs", note);
            }
        }
        if (subject.checksum != null) {
            boolean matches = subject.checksum.getAsLong() == bytes * Subject.FILL;
            row.label("c_checksum", matches ? "C read every byte back: the sum matches" : "MISMATCH");
        }

        subject.release.run();
        long afterRelease = subject.measure.getAsLong() - witnessStart;
        row.metric(AFTER_RELEASE, afterRelease);

        int gcRounds = 0;
        int fruitless = 0;
        long afterGc = afterRelease;
        while (gcRounds < MAX_GC_ROUNDS && fruitless < FRUITLESS_GC_ROUNDS && afterGc > held * RELEASED_SHARE) {
            System.gc();
            gcRounds++;
            Thread.sleep(10); // give the Cleaner thread its turn after the collection
            long now = subject.measure.getAsLong() - witnessStart;
            fruitless = now < afterGc ? 0 : fruitless + 1;
            afterGc = now;
        }
        row.metric(AFTER_GC, afterGc).metric(GC_ROUNDS, gcRounds);
        row.label("released_by", releasedBy(subject.releaseCall, subject.collector, held, afterRelease,
                afterGc, gcRounds));
        Reference.reachabilityFence(warmUp);
        return row;
    }

    /** Reads who freed the memory off the three measurements, never off the variant's name. */
    static String releasedBy(String releaseCall, String collector, long held, long afterRelease, long afterGc,
                             int gcRounds) {
        if (held <= 0) {
            return "not seen by the witness";
        }
        if (afterRelease <= held * RELEASED_SHARE) {
            return releaseCall + ", at once";
        }
        if (afterGc <= held * RELEASED_SHARE) {
            return collector + ", after " + gcRounds + " collection" + (gcRounds == 1 ? "" : "s");
        }
        return "nobody: still held after " + gcRounds + " collections (freed at process exit)";
    }

    private static long nmtOther() {
        return NmtProbe.committedBytes("Other").orElse(0);
    }
}
