package memlab.labs.arena;

import java.lang.foreign.MemorySegment;

import memlab.nativelib.Binding;

/** Lab 08's own C function (native/include/lab08_arena.h) and native memory only JNR owns, through either binding. */
interface ArenaNative {

    /** The sum of {@code bytes} bytes at {@code address}: C reading memory it did not allocate. */
    long checksum(long address, long bytes);

    /**
     * The same for a segment Java owns. FFM passes the segment itself (the downcall takes its
     * address); JNR passes the segment's address.
     */
    long checksum(MemorySegment block);

    /**
     * {@code bytes} of this binding's own garbage-collected native memory, freed by a Cleaner once
     * {@link Owned#owner()} is unreachable: JNR's {@code Memory.allocateDirect}, FFM's automatic arena.
     */
    Owned allocateOwned(long bytes);

    /** Native memory and the Java object that owns it: drop the owner and the GC frees the memory. */
    record Owned(Object owner, long address) {
    }

    static ArenaNative of(Binding binding) {
        return binding.pick(ArenaFfm::new, ArenaJnr::new);
    }
}
