import java.nio.ByteBuffer;
import java.util.*;

/** Lab 14 spike, experiment 3: direct ByteBuffers kept in a map; then dropped, and how many GCs bring them back. */
public class DirectSpike {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]) << 10;
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) ByteBuffer.allocateDirect(size);
        Probe.snap("warm-up", true); Probe.snap("warm-up", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        Map<Integer, ByteBuffer> kept = new HashMap<>();
        for (int i = 0; i < n; i++) kept.put(i, ByteBuffer.allocateDirect(size));
        Probe.Snap s1 = Probe.snap("kept", true);
        Probe.diff(s0, s1, n);
        System.out.printf("allocate %d x %d KiB: %.0f ms%n", n, size >> 10, (s1.nanos() - s0.nanos()) / 1e6);
        kept = null;
        Probe.Snap s2 = Probe.snap("dropped, no GC", false);
        Probe.diff(s0, s2, n);
        long held = s1.uord() - s0.uord();
        long gc0 = Probe.gcCount();
        for (int round = 1; round <= 10; round++) {
            System.gc();
            long deadline = System.nanoTime() + 500_000_000L;
            long since = System.nanoTime();
            while (System.nanoTime() < deadline && Probe.uordblks() - s0.uord() > held / 100) Thread.sleep(1);
            System.out.printf("after System.gc() #%d (+%.0f ms wait): malloc still held %s, GC count +%d (%s)%n", round,
                    (System.nanoTime() - since) / 1e6, Probe.mib(Probe.uordblks() - s0.uord()), Probe.gcCount() - gc0, Probe.gcNames());
            if (Probe.uordblks() - s0.uord() <= held / 100) break;
        }
        Probe.Snap s3 = Probe.snap("after the cleaners ran", false);
        Probe.diff(s0, s3, n);
        Probe.mallocTrim();
        Probe.Snap s4 = Probe.snap("+ malloc_trim(0)", false);
        Probe.diff(s0, s4, n);
        System.out.printf("total run %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }
}
