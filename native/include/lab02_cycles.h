/*
 * Lab 02 (cycles): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB02_CYCLES_H
#define MEMLAB_LAB02_CYCLES_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 02: cycles ---------------------------------------------------------------------
 * Reference-counted nodes, as CPython counts references. Each node holds a counted (strong) or an
 * uncounted (weak) link to the next one. A node is freed when its count reaches 0, and then
 * releases what its strong link held; the cascade is a loop, never recursion, so a million-node
 * chain cannot overflow the C stack. */
typedef struct memlab_rc_node memlab_rc_node;
#define MEMLAB_RING_STRONG 0      /* every link counted: the cycle keeps itself alive */
#define MEMLAB_RING_WEAK_BACK 1   /* the last node's link back to the first is uncounted */
/* n nodes of payload_bytes each, linked in a ring; returns the first, holding one external reference. */
MEMLAB_API memlab_rc_node *memlab_rc_ring(int64_t n, int64_t payload_bytes, int mode);
MEMLAB_API void memlab_rc_retain(memlab_rc_node *node);
MEMLAB_API void memlab_rc_release(memlab_rc_node *node);
/* Clears node's link to the next node (releasing it if the link was strong): breaks a cycle. */
MEMLAB_API void memlab_rc_unlink(memlab_rc_node *node);
MEMLAB_API int64_t memlab_rc_count(const memlab_rc_node *node);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB02_CYCLES_H */
