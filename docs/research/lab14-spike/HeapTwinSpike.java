import java.util.*;

/** Lab 14 spike, experiment 5: the heap twin, N plain objects of the heap size each native holder has. */
public class HeapTwinSpike {
    /** A plain object with the same shallow heap footprint as Deflater + ZStreamRef + PhantomCleanableRef (64+24+48 B). */
    static final class Twin { long a, b, c, d, e, f, g, h, i, j, k, l, m, n, o; int p; } // 12 header + 4 + 15*8 = 136 B
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Probe.snap("warm-up", true); Probe.snap("warm-up", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        List<Object> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) kept.add(new Twin());
        Probe.Snap s1 = Probe.snap("Twin(136 B) kept", true);
        Probe.diff(s0, s1, n);
        kept = null;
        for (int size : new int[] {192, 300, 1000}) {
            Probe.Snap b = Probe.snap("baseline", true);
            List<byte[]> k = new ArrayList<>(n);
            for (int i = 0; i < n; i++) k.add(new byte[size - 16]);
            Probe.Snap a = Probe.snap("byte[" + (size - 16) + "] kept", true);
            Probe.diff(b, a, n);
        }
    }
}
