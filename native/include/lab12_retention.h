/*
 * Lab 12 (retention): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB12_RETENTION_H
#define MEMLAB_LAB12_RETENTION_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 12: retention --------------------------------------------------------------------
 * Many small blocks from the tracked allocator, written, then freed: what the application holds
 * (tracked live bytes) drops to zero, what the C allocator keeps from the OS may not. */
typedef struct memlab_blocks memlab_blocks;
/* count blocks of block_bytes, each written; NULL when any malloc fails (nothing is kept then). */
MEMLAB_API memlab_blocks *memlab_blocks_alloc(int64_t count, int64_t block_bytes);
/* Frees every block except every keep_every-th (0 or 1: free them all); returns the blocks kept. */
MEMLAB_API int64_t memlab_blocks_free(memlab_blocks *blocks, int64_t keep_every);
/* Frees what is left and the handle itself. */
MEMLAB_API void memlab_blocks_release(memlab_blocks *blocks);
/* Bytes the C allocator holds from the OS, in use or free (glibc: mallinfo2 arena + hblkhd);
 * MEMLAB_UNSUPPORTED where it does not say. */
MEMLAB_API int64_t memlab_allocator_held_bytes(void);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB12_RETENTION_H */
