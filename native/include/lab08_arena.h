/*
 * Lab 08 (arena): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB08_ARENA_H
#define MEMLAB_LAB08_ARENA_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 08: arena ----------------------------------------------------------------------- */
/* Sums bytes of a buffer that Java owns (an arena segment): C reads memory it did not allocate. */
MEMLAB_API uint64_t memlab_arena_checksum(const void *block, size_t bytes);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB08_ARENA_H */
