/*
 * Lab 06 (virtual memory): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB06_VIRTUAL_MEMORY_H
#define MEMLAB_LAB06_VIRTUAL_MEMORY_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 06: virtual memory --------------------------------------------------------------
 * Address space reserved without memory behind it, then committed and touched page by page. */
/* Reserves bytes of address space, inaccessible and unbacked (mmap PROT_NONE / MEM_RESERVE). */
MEMLAB_API void *memlab_vm_reserve(size_t bytes);
/* Makes [block, block+bytes) readable and writable; still no page is backed until touched. */
MEMLAB_API int memlab_vm_commit(void *block, size_t bytes);
MEMLAB_API int memlab_vm_release(void *block, size_t bytes);
/* Reads `reads` bytes at pseudo-random pages of the block (a fixed seed); returns their sum. */
MEMLAB_API int64_t memlab_vm_random_reads(const void *block, size_t bytes, int64_t reads);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB06_VIRTUAL_MEMORY_H */
