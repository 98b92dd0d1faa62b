import java.util.*;
import java.util.zip.*;

/** Lab 14 spike, experiment 1: per-instance native cost of Deflater / Inflater kept without end(). */
public class DeflaterSpike {
    public static void main(String[] args) throws Exception {
        String kind = args[0];          // deflater | inflater
        int n = Integer.parseInt(args[1]);
        int inputBytes = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        INPUT = new byte[inputBytes];
        Random r = new Random(1);
        for (int i = 0; i < inputBytes; i++) INPUT[i] = (byte) ((i / 64) % 2 == 0 ? r.nextInt(256) : i % 7);
        Deflater d0 = new Deflater(); d0.setInput(INPUT); d0.finish(); byte[] b = new byte[inputBytes * 2 + 1024];
        int len = d0.deflate(b); d0.end(); COMPRESSED = Arrays.copyOf(b, len);
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) { Deflater d = new Deflater(); use(d); d.end(); Inflater f = new Inflater(); use(f); f.end(); }
        Probe.snap("warm-up of the probes", true); Probe.snap("warm-up of the probes", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        List<Object> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) kept.add(kind.equals("deflater") ? new Deflater() : new Inflater());
        Probe.Snap s1 = Probe.snap("constructed", true);
        Probe.diff(s0, s1, n);
        for (Object o : kept) use(o);
        Probe.Snap s2 = Probe.snap("used once", true);
        Probe.diff(s1, s2, n);
        Probe.diff(s0, s2, n);
        for (Object o : kept) { if (o instanceof Deflater d) d.end(); else ((Inflater) o).end(); }
        Probe.Snap s3 = Probe.snap("after end()", true);
        Probe.diff(s0, s3, n);
        Probe.mallocTrim();
        Probe.Snap s3t = Probe.snap("after end() + malloc_trim(0)", true);
        Probe.diff(s0, s3t, n);
        kept = null;
        Probe.Snap s4 = Probe.snap("list dropped", true);
        Probe.diff(s0, s4, n);
        System.out.printf("total run %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }
    static byte[] INPUT, COMPRESSED;
    static void use(Object o) {
        byte[] out = new byte[16384];
        try {
            if (o instanceof Deflater d) { d.setInput(INPUT); d.finish(); while (!d.finished()) d.deflate(out); }
            else { Inflater f = (Inflater) o; f.setInput(COMPRESSED); while (!f.finished()) f.inflate(out); }
        } catch (DataFormatException e) { throw new RuntimeException(e); }
    }
}
