import java.util.*;
import java.util.zip.Deflater;

/**
 * Lab 14 spike, experiment 6: N Deflaters dropped without end(). Does their native memory come back
 * with no explicit System.gc()? Idle first, then heap churn (young GCs), then System.gc().
 * mode young: dropped before any GC; mode old: one System.gc() while held, so they sit in the old generation.
 */
public class DroppedSpike {
    static volatile Object sink;
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String mode = args[1];
        long churnMb = Long.parseLong(args[2]);
        for (int i = 0; i < 50; i++) new Deflater().end();
        Probe.snap("warm-up", true); Probe.snap("warm-up", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        List<Deflater> kept = new ArrayList<>(n);
        byte[] in = new byte[4096]; new Random(1).nextBytes(in); byte[] out = new byte[8192];
        for (int i = 0; i < n; i++) { Deflater d = new Deflater(); d.setInput(in); d.deflate(out); kept.add(d); }
        if (mode.equals("old")) System.gc();
        Probe.Snap s1 = Probe.snap("held (" + mode + ")", false);
        Probe.diff(s0, s1, n);
        long held = s1.uord() - s0.uord();
        kept = null;
        long gc0 = Probe.gcCount(), t = System.nanoTime();
        Thread.sleep(3000);
        report("idle 3 s after drop", s0, held, gc0, t);
        t = System.nanoTime();
        long seen = Probe.gcCount();
        for (long mb = 0; mb < churnMb; mb++) {
            for (int k = 0; k < 128; k++) sink = new byte[8 << 10];   // 8 KiB garbage: not humongous, young GCs only
            if (Probe.gcCount() != seen) {
                seen = Probe.gcCount();
                Thread.sleep(100);                                    // let the Common-Cleaner thread run
                report("  churn: " + (mb + 1) + " MiB, a GC ran", s0, held, gc0, t);
            }
        }
        Thread.sleep(200);
        report("after " + churnMb + " MiB of heap garbage", s0, held, gc0, t);
        t = System.nanoTime();
        System.gc();
        for (int i = 0; i < 100 && Probe.uordblks() - s0.uord() > held / 100; i++) Thread.sleep(5);
        report("after System.gc()", s0, held, gc0, t);
        Probe.mallocTrim();
        report("after malloc_trim(0)", s0, held, gc0, System.nanoTime());
    }
    static void report(String what, Probe.Snap s0, long held, long gc0, long t) {
        long now = Probe.uordblks() - s0.uord();
        System.out.printf("%-34s malloc held %9s of %9s (%3.0f%%)  RSS %10s  GCs since drop %d [%s]  (%.0f ms)%n", what,
                Probe.mib(now), Probe.mib(held), 100.0 * now / held, Probe.mib(Probe.rss() - s0.rss()), Probe.gcCount() - gc0,
                Probe.gcNames(), (System.nanoTime() - t) / 1e6);
    }
}
