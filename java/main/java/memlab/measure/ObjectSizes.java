package memlab.measure;

import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * Object sizes from JOL: shallow (the object alone, Python's sys.getsizeof) and deep (everything
 * reachable from it, closer to what tracemalloc attributes to a structure).
 */
public final class ObjectSizes {

    private ObjectSizes() {
    }

    public static long shallowBytes(Object object) {
        return ClassLayout.parseInstance(object).instanceSize();
    }

    public static long deepBytes(Object root) {
        return GraphLayout.parseInstance(root).totalSize();
    }
}
