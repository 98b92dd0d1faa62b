/*
 * Lab 07 (stack overflow): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB07_STACK_OVERFLOW_H
#define MEMLAB_LAB07_STACK_OVERFLOW_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 07: stack overflow ---------------------------------------------------------------
 * Recursion with a 256-byte array in every frame. The depth reached is stored through
 * `depth_out` at every call, so memory the caller shares (a mapped file) keeps the deepest depth
 * even when the process dies of the overflow. */
/* Recurses until depth == target (or the stack runs out); returns a checksum of the frames. */
MEMLAB_API int64_t memlab_recurse(int64_t target, volatile int64_t *depth_out);
/* The fix by a bound: refuses (returns -1) instead of recursing past max_depth. */
MEMLAB_API int64_t memlab_recurse_bounded(int64_t target, int64_t max_depth, volatile int64_t *depth_out);
/* The fix by rewriting: the same checksum in a loop, one frame whatever the target. */
MEMLAB_API int64_t memlab_iterate(int64_t target);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB07_STACK_OVERFLOW_H */
