import java.nio.file.*;
import java.util.*;

/** Lab 14 spike, experiment 4: N class loaders, each defining one tiny class from the same bytes, kept. */
public class LoaderSpike {
    static final class OneClassLoader extends ClassLoader {
        final Class<?> defined;
        OneClassLoader(byte[] bytes) {
            super("one-class", null);
            defined = defineClass("Tiny", bytes, 0, bytes.length);
        }
    }
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean instantiate = args.length > 1 && args[1].equals("new");
        byte[] bytes = Files.readAllBytes(Path.of("/tmp/lab14-spike/tiny/Tiny.class"));
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) new OneClassLoader(bytes).defined.getDeclaredConstructor().newInstance();
        Probe.snap("warm-up", true); Probe.snap("warm-up", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        List<Object> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            OneClassLoader l = new OneClassLoader(bytes);
            kept.add(instantiate ? l.defined.getDeclaredConstructor().newInstance() : l);
        }
        Probe.Snap s1 = Probe.snap("kept", true);
        Probe.diff(s0, s1, n);
        kept = null;
        Probe.Snap s2 = Probe.snap("dropped + System.gc() x2", true);
        Probe.diff(s0, s2, n);
        System.out.printf("total run %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }
}
