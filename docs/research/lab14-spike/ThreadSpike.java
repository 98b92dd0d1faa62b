import java.util.*;
import java.util.concurrent.CountDownLatch;

/** Lab 14 spike, experiment 2: platform threads started and parked forever (a latch never counted down). */
public class ThreadSpike {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) { Thread t = new Thread(() -> {}); t.start(); t.join(); }
        Probe.snap("warm-up", true); Probe.snap("warm-up", true);
        Probe.Snap s0 = Probe.snap("baseline", true);
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch never = new CountDownLatch(1);
        List<Thread> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try { never.await(); } catch (InterruptedException e) { }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
            kept.add(t);
        }
        started.await();
        Thread.sleep(200); // let every thread reach park()
        Probe.Snap s1 = Probe.snap("threads parked", true);
        Probe.diff(s0, s1, n);
        System.out.printf("time to start %d threads: %.0f ms%n", n, (s1.nanos() - s0.nanos()) / 1e6);
        kept.clear();                       // unreachable from our code, but a live thread is a GC root
        Probe.Snap s1b = Probe.snap("list cleared + System.gc() x2", true);
        Probe.diff(s0, s1b, n);
        never.countDown();                  // the fix: let them finish
        while (Thread.activeCount() > 2) Thread.sleep(10);
        Thread.sleep(200);
        Probe.Snap s2 = Probe.snap("released + joined", true);
        Probe.diff(s0, s2, n);
        System.out.printf("total run %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }
}
