package memlab.labs.cycles;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.Ffm;

/** {@link CyclesNative} through java.lang.foreign. */
final class CyclesFfm implements CyclesNative {

    private static final MethodHandle RC_RING = Ffm.bind("memlab_rc_ring",
            FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RC_RELEASE = Ffm.bind("memlab_rc_release", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RC_UNLINK = Ffm.bind("memlab_rc_unlink", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle RC_COUNT = Ffm.bind("memlab_rc_count", FunctionDescriptor.of(JAVA_LONG, ADDRESS));

    @Override
    public long rcRing(long nodes, long payloadBytes, int mode) {
        try {
            return ((MemorySegment) RC_RING.invokeExact(nodes, payloadBytes, mode)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void rcRelease(long node) {
        try {
            RC_RELEASE.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void rcUnlink(long node) {
        try {
            RC_UNLINK.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long rcCount(long node) {
        try {
            return (long) RC_COUNT.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
