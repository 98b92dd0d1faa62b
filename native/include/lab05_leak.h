/*
 * Lab 05 (leak): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB05_LEAK_H
#define MEMLAB_LAB05_LEAK_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 05: leak ------------------------------------------------------------------------ */
/* One "transaction chunk": memlab_malloc(bytes), written when write_pages != 0. The caller
 * decides whether anyone ever frees it; that decision is the lab. */
MEMLAB_API void *memlab_leak_chunk(size_t bytes, int write_pages);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB05_LEAK_H */
