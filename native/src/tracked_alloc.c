/*
 * Tracked allocator: the C library's own malloc family, counting every byte it hands out.
 *
 * Each block carries a small header holding its requested size, so memlab_free knows exactly
 * how much leaves the live total: the counters are exact, not estimates. The header is as
 * wide as the strictest fundamental alignment, so the caller's pointer stays aligned like
 * malloc's. Counters are atomics: any number of threads may allocate and free at once.
 */
#include "memlab.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#if defined(_MSC_VER) && !defined(__clang__)
/* MSVC has no usable <stdatomic.h> without experimental flags: use its interlocked intrinsics. */
#include <windows.h>
typedef volatile LONG64 counter_t;
static int64_t counter_add(counter_t *c, int64_t v) { return InterlockedExchangeAdd64(c, v) + v; }
static int64_t counter_load(counter_t *c) { return InterlockedCompareExchange64(c, 0, 0); }
static void counter_store(counter_t *c, int64_t v) { InterlockedExchange64(c, v); }
static int counter_cas(counter_t *c, int64_t expected, int64_t desired) {
    return InterlockedCompareExchange64(c, desired, expected) == expected;
}
#else
#include <stdatomic.h>
typedef _Atomic int64_t counter_t;
static int64_t counter_add(counter_t *c, int64_t v) { return atomic_fetch_add(c, v) + v; }
static int64_t counter_load(counter_t *c) { return atomic_load(c); }
static void counter_store(counter_t *c, int64_t v) { atomic_store(c, v); }
static int counter_cas(counter_t *c, int64_t expected, int64_t desired) {
    return atomic_compare_exchange_weak(c, &expected, desired);
}
#endif

/* The header keeps the user pointer aligned as malloc's own would be. */
#define HEADER_BYTES (alignof(max_align_t) > sizeof(size_t) ? alignof(max_align_t) : sizeof(size_t))

static counter_t live_bytes;
static counter_t live_blocks;
static counter_t peak_live_bytes;
static counter_t total_allocated_bytes;
static counter_t total_allocations;
static counter_t total_frees;

static void raise_peak(int64_t live) {
    int64_t peak = counter_load(&peak_live_bytes);
    while (live > peak) {
        if (counter_cas(&peak_live_bytes, peak, live)) {
            return;
        }
        peak = counter_load(&peak_live_bytes); /* another thread moved it: look again */
    }
}

static void count_allocation(size_t bytes) {
    counter_add(&live_blocks, 1);
    counter_add(&total_allocations, 1);
    counter_add(&total_allocated_bytes, (int64_t)bytes);
    raise_peak(counter_add(&live_bytes, (int64_t)bytes));
}

static void count_free(size_t bytes) {
    counter_add(&live_bytes, -(int64_t)bytes);
    counter_add(&live_blocks, -1);
    counter_add(&total_frees, 1);
}

static void *user_pointer(unsigned char *raw, size_t bytes) {
    memcpy(raw, &bytes, sizeof bytes);
    return raw + HEADER_BYTES;
}

static unsigned char *raw_pointer(void *block) {
    return (unsigned char *)block - HEADER_BYTES;
}

static size_t block_size(void *block) {
    size_t bytes;
    memcpy(&bytes, raw_pointer(block), sizeof bytes);
    return bytes;
}

MEMLAB_API void *memlab_malloc(size_t bytes) {
    if (bytes > SIZE_MAX - HEADER_BYTES) {
        return NULL;
    }
    unsigned char *raw = malloc(HEADER_BYTES + bytes);
    if (raw == NULL) {
        return NULL;
    }
    count_allocation(bytes);
    return user_pointer(raw, bytes);
}

MEMLAB_API void *memlab_calloc(size_t count, size_t size) {
    if (size != 0 && count > (SIZE_MAX - HEADER_BYTES) / size) {
        return NULL;
    }
    size_t bytes = count * size;
    /* calloc, not malloc+memset: large zeroed blocks stay untouched (and so not resident). */
    unsigned char *raw = calloc(1, HEADER_BYTES + bytes);
    if (raw == NULL) {
        return NULL;
    }
    count_allocation(bytes);
    return user_pointer(raw, bytes);
}

MEMLAB_API void *memlab_realloc(void *block, size_t bytes) {
    if (block == NULL) {
        return memlab_malloc(bytes);
    }
    if (bytes == 0) {
        memlab_free(block);
        return NULL;
    }
    if (bytes > SIZE_MAX - HEADER_BYTES) {
        return NULL;
    }
    size_t old_bytes = block_size(block);
    unsigned char *raw = realloc(raw_pointer(block), HEADER_BYTES + bytes);
    if (raw == NULL) {
        return NULL; /* the old block is untouched and still counted */
    }
    count_free(old_bytes);
    count_allocation(bytes);
    return user_pointer(raw, bytes);
}

MEMLAB_API void memlab_free(void *block) {
    if (block == NULL) {
        return;
    }
    count_free(block_size(block));
    free(raw_pointer(block));
}

MEMLAB_API void memlab_alloc_stats_get(memlab_alloc_stats *out) {
    out->live_bytes = counter_load(&live_bytes);
    out->live_blocks = counter_load(&live_blocks);
    out->peak_live_bytes = counter_load(&peak_live_bytes);
    out->total_allocated_bytes = counter_load(&total_allocated_bytes);
    out->total_allocations = counter_load(&total_allocations);
    out->total_frees = counter_load(&total_frees);
}

MEMLAB_API void memlab_alloc_reset_peak(void) {
    counter_store(&peak_live_bytes, counter_load(&live_bytes));
}
