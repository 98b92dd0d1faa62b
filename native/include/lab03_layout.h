/*
 * Lab 03 (layout): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB03_LAYOUT_H
#define MEMLAB_LAB03_LAYOUT_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 03: layout ----------------------------------------------------------------------
 * Real addresses of each kind of memory. Everything captured stays alive (the blocks allocated,
 * the other thread parked) until memlab_layout_release, so the addresses can be checked against
 * the process's memory map while they still mean something. */
typedef struct memlab_layout {
    uint64_t text;         /* a function of this library */
    uint64_t data;         /* an initialized global */
    uint64_t bss;          /* an uninitialized (zero) global */
    uint64_t heap_small;   /* malloc(64) */
    uint64_t heap_large;   /* malloc(4 MiB): above malloc's mmap threshold */
    uint64_t stack;        /* a local variable of the calling thread */
    uint64_t thread_stack; /* a local variable of another thread */
    uint64_t mmap_anon;    /* an anonymous mapping */
} memlab_layout;
/* 0 on success; fails (-1) if a capture is already held. */
MEMLAB_API int memlab_layout_capture(memlab_layout *out);
MEMLAB_API void memlab_layout_release(void);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB03_LAYOUT_H */
