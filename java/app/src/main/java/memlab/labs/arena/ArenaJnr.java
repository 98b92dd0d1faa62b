package memlab.labs.arena;

import java.lang.foreign.MemorySegment;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.u_int64_t;

import memlab.nativelib.Jnr;

/** {@link ArenaNative} through JNR-FFI. */
final class ArenaJnr implements ArenaNative {

    /** The C function as JNR binds it, by name. */
    public interface LibArena {
        @u_int64_t long memlab_arena_checksum(Pointer block, @size_t long bytes);
    }

    private final LibArena lib = Jnr.load(LibArena.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long checksum(long address, long bytes) {
        return lib.memlab_arena_checksum(Jnr.pointer(runtime, address), bytes);
    }

    @Override
    public long checksum(MemorySegment block) {
        return checksum(block.address(), block.byteSize());
    }

    /** JNR's own direct memory: malloc'd by JNR, freed when the GC finds the Memory object unreachable. */
    @Override
    public Owned allocateOwned(long bytes) {
        Pointer memory = Memory.allocateDirect(runtime, Math.toIntExact(bytes));
        return new Owned(memory, memory.address());
    }
}
