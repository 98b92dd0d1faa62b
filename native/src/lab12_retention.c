/*
 * Lab 12 — retention. The seed's "RSS did not drop after GC", in C: free() gives memory back
 * to the allocator, not necessarily to the OS.
 *
 * glibc serves small requests from arenas it grows with brk/mmap and keeps what is freed for
 * the next malloc; only a free chunk at the very top of an arena above M_TRIM_THRESHOLD is
 * returned on its own. malloc_trim(0) walks every arena and hands whole free pages back
 * (madvise(MADV_DONTNEED)), even in the middle. Blocks above the mmap threshold get their own
 * mapping and go back to the OS at free(). A block still live on a page pins that page: that is
 * fragmentation, the seed's "swiss cheese".
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif

#include "lab12_retention.h"

#include <string.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

struct memlab_blocks {
    int64_t count;
    unsigned char **block;
};

MEMLAB_API memlab_blocks *memlab_blocks_alloc(int64_t count, int64_t block_bytes) {
    if (count <= 0 || block_bytes <= 0) {
        return NULL;
    }
    memlab_blocks *blocks = memlab_malloc(sizeof *blocks);
    if (blocks == NULL) {
        return NULL;
    }
    blocks->count = count;
    blocks->block = memlab_calloc((size_t)count, sizeof *blocks->block);
    if (blocks->block == NULL) {
        memlab_free(blocks);
        return NULL;
    }
    for (int64_t i = 0; i < count; i++) {
        blocks->block[i] = memlab_malloc((size_t)block_bytes);
        if (blocks->block[i] == NULL) {
            memlab_blocks_release(blocks);
            return NULL;
        }
        memset(blocks->block[i], (int)(i & 0x7F) | 1, (size_t)block_bytes); /* written: resident */
    }
    return blocks;
}

MEMLAB_API int64_t memlab_blocks_free(memlab_blocks *blocks, int64_t keep_every) {
    int64_t kept = 0;
    for (int64_t i = 0; i < blocks->count; i++) {
        if (keep_every > 1 && i % keep_every == 0) {
            kept += blocks->block[i] != NULL;
            continue; /* pins its page: the rest of the page is free but cannot go back */
        }
        memlab_free(blocks->block[i]);
        blocks->block[i] = NULL;
    }
    return kept;
}

MEMLAB_API void memlab_blocks_release(memlab_blocks *blocks) {
    if (blocks == NULL) {
        return;
    }
    memlab_blocks_free(blocks, 0);
    memlab_free(blocks->block);
    memlab_free(blocks);
}

MEMLAB_API int64_t memlab_allocator_held_bytes(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    return (int64_t)(info.arena + info.hblkhd);
#else
    return MEMLAB_UNSUPPORTED;
#endif
}
