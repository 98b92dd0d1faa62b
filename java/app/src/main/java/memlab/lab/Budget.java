package memlab.lab;

import java.lang.management.ManagementFactory;
import memlab.measure.MemoryPolicy;
import memlab.util.Sizes;
import memlab.util.UsageException;

/**
 * How much memory a run may ask for, checked before anything is allocated. Native memory may
 * use half of the memory this process may use: physical memory, or the cgroup memory limit over it
 * where that is lower (the JVM reads it as its total memory, and so does memlab); heap memory 80% of
 * this JVM's maximum heap (-Xmx). A lab declares what it plans to hold at once; a plan over budget
 * is refused with exit code 2. {@code nativeSource} says which memory the native budget is half of.
 */
public record Budget(long nativeBytes, long heapBytes, String nativeSource) {

    public Budget(long nativeBytes, long heapBytes) {
        this(nativeBytes, heapBytes, "half of physical memory");
    }

    public static Budget ofThisMachine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long total = os.getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory() / 10 * 8;
        return MemoryPolicy.Cgroup.ofThisProcess()
                .filter(group -> group.limitBytes().isPresent() && group.limitBytes().getAsLong() <= total)
                .map(group -> new Budget(total / 2, heap, "half of " + group.describeLimit()))
                .orElse(new Budget(total / 2, heap));
    }

    /** Refuses a plan that does not fit; says by how much and what to change. */
    public void check(String labId, Plan plan) {
        if (plan.nativeBytes() > nativeBytes) {
            throw new UsageException("lab " + labId + " would hold " + Sizes.format(plan.nativeBytes())
                    + " of native memory, over the budget of " + Sizes.format(nativeBytes)
                    + " (" + nativeSource + "); lower --size or --count");
        }
        if (plan.heapBytes() > heapBytes) {
            throw new UsageException("lab " + labId + " would hold " + Sizes.format(plan.heapBytes())
                    + " of heap, over the budget of " + Sizes.format(heapBytes)
                    + " (80% of the maximum heap); lower --size or --count, or raise -Xmx");
        }
    }

    /** a x b, or Long.MAX_VALUE when it overflows: a plan that large is refused, not wrapped around. */
    public static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The most a lab will hold at once, per kind of memory. */
    public record Plan(long nativeBytes, long heapBytes) {
        public static Plan of(long nativeBytes, long heapBytes) {
            return new Plan(nativeBytes, heapBytes);
        }

        /** This plan held by {@link LabContext#SIDE_BY_SIDE} children at once: for a lab that runs them side by side. */
        public Plan sideBySide() {
            return new Plan(times(nativeBytes, LabContext.SIDE_BY_SIDE), times(heapBytes, LabContext.SIDE_BY_SIDE));
        }
    }
}
