package memlab.labs.virtualmemory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static memlab.nativelib.CTypes.SIZE_T;

import memlab.nativelib.Ffm;

/** {@link VirtualMemoryNative} through java.lang.foreign. */
final class VirtualMemoryFfm implements VirtualMemoryNative {

    private static final MethodHandle VM_RESERVE = Ffm.bind("memlab_vm_reserve",
            FunctionDescriptor.of(ADDRESS, SIZE_T));
    private static final MethodHandle VM_COMMIT = Ffm.bind("memlab_vm_commit",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T));
    private static final MethodHandle VM_RELEASE = Ffm.bind("memlab_vm_release",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T));
    private static final MethodHandle VM_RANDOM_READS = Ffm.bind("memlab_vm_random_reads",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, SIZE_T, JAVA_LONG));

    @Override
    public long vmReserve(long bytes) {
        try {
            return ((MemorySegment) VM_RESERVE.invokeExact(bytes)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public int vmCommit(long address, long bytes) {
        try {
            return (int) VM_COMMIT.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public int vmRelease(long address, long bytes) {
        try {
            return (int) VM_RELEASE.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long vmRandomReads(long address, long bytes, long reads) {
        try {
            return (long) VM_RANDOM_READS.invokeExact(MemorySegment.ofAddress(address), bytes, reads);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
