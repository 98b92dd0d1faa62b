package memlab.measure;

import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Object sizes from JOL: shallow (the object alone, Python's sys.getsizeof) and deep (everything
 * reachable from it, closer to what tracemalloc attributes to a structure).
 */
public final class ObjectSizes {

    private ObjectSizes() {
    }

    /** The object alone. VM.sizeOf needs no field offsets, which Unsafe refuses for records. */
    public static long shallowBytes(Object object) {
        return VM.current().sizeOf(object);
    }

    public static long deepBytes(Object root) {
        return GraphLayout.parseInstance(root).totalSize();
    }
}
