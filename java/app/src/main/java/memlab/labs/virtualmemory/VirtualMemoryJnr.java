package memlab.labs.virtualmemory;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.int64_t;
import jnr.ffi.types.size_t;

import memlab.nativelib.Jnr;

/** {@link VirtualMemoryNative} through JNR-FFI. */
final class VirtualMemoryJnr implements VirtualMemoryNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibVirtualMemory {
        Pointer memlab_vm_reserve(@size_t long bytes);

        int memlab_vm_commit(Pointer block, @size_t long bytes);

        int memlab_vm_release(Pointer block, @size_t long bytes);

        @int64_t long memlab_vm_random_reads(Pointer block, @size_t long bytes, @int64_t long reads);
    }

    private final LibVirtualMemory lib = Jnr.load(LibVirtualMemory.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long vmReserve(long bytes) {
        return Jnr.address(lib.memlab_vm_reserve(bytes));
    }

    @Override
    public int vmCommit(long address, long bytes) {
        return lib.memlab_vm_commit(Jnr.pointer(runtime, address), bytes);
    }

    @Override
    public int vmRelease(long address, long bytes) {
        return lib.memlab_vm_release(Jnr.pointer(runtime, address), bytes);
    }

    @Override
    public long vmRandomReads(long address, long bytes, long reads) {
        return lib.memlab_vm_random_reads(Jnr.pointer(runtime, address), bytes, reads);
    }
}
