package memlab.labs.virtualmemory;

import memlab.nativelib.Binding;

/**
 * Lab 06's own C functions (native/include/lab06_virtual_memory.h), through either binding. Public:
 * memlab.measure's tests reserve and touch a fresh mapping through it too.
 */
public interface VirtualMemoryNative {

    /** Reserved address space with nothing behind it (mmap PROT_NONE, MEM_RESERVE); 0 on failure. */
    long vmReserve(long bytes);

    /** Makes part of a reservation readable and writable; still no page is backed until written. 0 on success. */
    int vmCommit(long address, long bytes);

    /** Gives the reservation back (munmap, MEM_RELEASE); 0 on success. */
    int vmRelease(long address, long bytes);

    /** Reads {@code reads} bytes at pseudo-random pages of the block (a fixed seed); returns their sum. */
    long vmRandomReads(long address, long bytes, long reads);

    static VirtualMemoryNative of(Binding binding) {
        return binding.pick(VirtualMemoryFfm::new, VirtualMemoryJnr::new);
    }
}
