/*
 * Lab 04 (stack vs heap): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB04_STACK_VS_HEAP_H
#define MEMLAB_LAB04_STACK_VS_HEAP_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 04: stack vs heap -------------------------------------------------------------
 * The same work (fill and sum a 1 KiB buffer) with the buffer on the stack or from malloc, called
 * `calls` times in a C loop and timed in C with a monotonic clock: one downcall, no FFM cost in it. */
MEMLAB_API int64_t memlab_stack_loop_ns(int64_t calls, int64_t *checksum_out);
MEMLAB_API int64_t memlab_heap_loop_ns(int64_t calls, int64_t *checksum_out);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB04_STACK_VS_HEAP_H */
