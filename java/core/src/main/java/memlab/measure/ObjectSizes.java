package memlab.measure;

import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * Object sizes from JOL: shallow (the object alone, Python's sys.getsizeof) and deep (everything
 * reachable from it, closer to what tracemalloc attributes to a structure).
 */
public final class ObjectSizes {

    static {
        // JOL attaches HotSpot's Serviceability Agent, a second process that costs about 1.1 s per
        // JVM, only to read how compressed references are encoded; sizes come from the VM itself,
        // and lab 03 checks the one address it reads against the process's memory map.
        if (System.getProperty("jol.skipHotspotSAAttach") == null) {
            System.setProperty("jol.skipHotspotSAAttach", "true");
        }
    }

    private ObjectSizes() {
    }

    /** JOL's view of this VM, without the Serviceability Agent: object addresses, sizes and layout. */
    public static VirtualMachine vm() {
        return VM.current();
    }

    /** The object alone. VM.sizeOf needs no field offsets, which Unsafe refuses for records. */
    public static long shallowBytes(Object object) {
        return vm().sizeOf(object);
    }

    /**
     * An instance of {@code type} alone, from the VM's own layout of its fields: for the JDK's
     * internal objects a program cannot reach. JOL cannot lay out a record (the JDK refuses its
     * field offsets); use {@link #shallowBytes} on an instance of one.
     */
    public static long instanceBytes(Class<?> type) {
        return ClassLayout.parseClass(type).instanceSize();
    }

    /**
     * Everything reachable from {@code root}, each object once. JOL's GraphStats walks the same graph
     * as GraphLayout but keeps a count and a sum, not a record per object: for lab 01's 10,000,000
     * boxed integers GraphLayout needed about a GiB of heap and seconds of its own.
     */
    public static long deepBytes(Object root) {
        return GraphStats.parseInstance(root).totalSize();
    }
}
