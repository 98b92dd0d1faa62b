/*
 * Tracked allocator: the C library's own malloc family, counting every byte it hands out.
 *
 * Each block carries a small header holding its requested size, so memlab_free knows exactly
 * how much leaves the live total: the counters are exact, not estimates. The header is as
 * wide as the strictest fundamental alignment, so the caller's pointer stays aligned like
 * malloc's. Any number of threads may allocate and free at once.
 *
 * What counting costs: an atomic read-modify-write (a `lock`ed instruction on x86) takes about
 * 5 ns even uncontended, as long as glibc's whole malloc+free fast path. So there is none on the
 * hot path. Every thread counts into a slot of its own that only it writes, with plain stores;
 * a reader sums the slots. A block freed by another thread than the one that allocated it makes
 * one slot's live bytes go up and another's down; the sum is exact.
 *
 * The peak is the sum of each thread's own peak since the last reset (or start): exact while one
 * thread at a time allocates (every lab), an upper bound when several allocate at once. A reset
 * sets every slot's peak to its live bytes; a thread allocating during the reset may keep its
 * older, higher peak. (An epoch each thread checked on every call kept resets exact across
 * threads, but the check cost 2 ns of a 10 ns malloc/free: measured, see benchmarks/results.)
 * Slots are never freed, so totals survive their thread: a few dozen bytes per thread that ever
 * allocated, still reachable from the list.
 */
#include "memlab.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#if defined(_MSC_VER) && !defined(__clang__)
/* MSVC has no usable <stdatomic.h> without experimental flags: aligned 64-bit volatile loads and
 * stores are atomic on x64, and the interlocked intrinsics do the rest. */
#include <windows.h>
typedef volatile LONG64 counter_t;
static int64_t load_relaxed(const counter_t *c) { return *c; }
static void store_relaxed(counter_t *c, int64_t v) { *c = v; }
#define THREAD_LOCAL __declspec(thread)
#else
#include <stdatomic.h>
typedef _Atomic int64_t counter_t;
static int64_t load_relaxed(const counter_t *c) { return atomic_load_explicit((counter_t *)c, memory_order_relaxed); }
static void store_relaxed(counter_t *c, int64_t v) { atomic_store_explicit(c, v, memory_order_relaxed); }
#if defined(__linux__) && defined(__GNUC__)
/* initial-exec: one %fs-relative load instead of a __tls_get_addr call per access. */
#define THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define THREAD_LOCAL _Thread_local
#endif
#endif

/* The header keeps the user pointer aligned as malloc's own would be. */
#define HEADER_BYTES (alignof(max_align_t) > sizeof(size_t) ? alignof(max_align_t) : sizeof(size_t))

/* One thread's books; written only by that thread, read by anyone. */
typedef struct thread_totals {
    counter_t live_bytes;   /* allocated minus freed by this thread: may go negative */
    counter_t peak_bytes;   /* highest live_bytes since the last reset */
    counter_t allocations;
    counter_t frees;
    counter_t allocated_bytes;
    struct thread_totals *next;
} thread_totals;

#if defined(_MSC_VER) && !defined(__clang__)
static thread_totals *volatile all_totals;
static int push_totals(thread_totals *totals) {
    thread_totals *head = all_totals;
    totals->next = head;
    return InterlockedCompareExchangePointer((PVOID volatile *)&all_totals, totals, head) == head;
}
static thread_totals *first_totals(void) { return all_totals; }
#else
static _Atomic(thread_totals *) all_totals;
static int push_totals(thread_totals *totals) {
    thread_totals *head = atomic_load(&all_totals);
    totals->next = head;
    return atomic_compare_exchange_weak(&all_totals, &head, totals);
}
static thread_totals *first_totals(void) { return atomic_load(&all_totals); }
#endif

/* The counting is inlined into memlab_malloc and memlab_free, and a thread's first call, which
 * makes its slot, is moved out of their way: a call and its stack frame cost about 1 ns of the 3 ns
 * that tracking adds to a 5 ns malloc+free (measured, see benchmarks/results). */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define COLD __attribute__((noinline, cold))
#define LIKELY(condition) __builtin_expect(!!(condition), 1)
#else
#define ALWAYS_INLINE __forceinline
#define COLD __declspec(noinline)
#define LIKELY(condition) (condition)
#endif

static THREAD_LOCAL thread_totals *my_totals;

/* A thread's first call: its slot, made and linked in; NULL only if calloc fails. */
static COLD thread_totals *new_totals_for_this_thread(void) {
    thread_totals *totals = calloc(1, sizeof *totals);
    if (totals == NULL) {
        return NULL;
    }
    while (!push_totals(totals)) {
        /* another thread linked its slot first: retry on the new head */
    }
    my_totals = totals;
    return totals;
}

/* This thread's slot; NULL only if it has none and calloc fails. */
static ALWAYS_INLINE thread_totals *totals_of_this_thread(void) {
    thread_totals *totals = my_totals;
    return LIKELY(totals != NULL) ? totals : new_totals_for_this_thread();
}

/* Counts an allocation; 0 if this thread has no slot (then the caller fails the allocation). */
static ALWAYS_INLINE int count_allocation(size_t bytes) {
    thread_totals *totals = totals_of_this_thread();
    if (totals == NULL) {
        return 0;
    }
    int64_t live = load_relaxed(&totals->live_bytes) + (int64_t)bytes;
    store_relaxed(&totals->live_bytes, live);
    if (live > load_relaxed(&totals->peak_bytes)) {
        store_relaxed(&totals->peak_bytes, live);
    }
    store_relaxed(&totals->allocations, load_relaxed(&totals->allocations) + 1);
    store_relaxed(&totals->allocated_bytes, load_relaxed(&totals->allocated_bytes) + (int64_t)bytes);
    return 1;
}

/* Counts a free; 0 if this thread has no slot (then the caller keeps the block). */
static ALWAYS_INLINE int count_free(size_t bytes) {
    thread_totals *totals = totals_of_this_thread();
    if (totals == NULL) {
        return 0;
    }
    store_relaxed(&totals->live_bytes, load_relaxed(&totals->live_bytes) - (int64_t)bytes);
    store_relaxed(&totals->frees, load_relaxed(&totals->frees) + 1);
    return 1;
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
    if (!count_allocation(bytes)) {
        free(raw);
        return NULL;
    }
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
    if (!count_allocation(bytes)) {
        free(raw);
        return NULL;
    }
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
    if (totals_of_this_thread() == NULL) {
        return NULL; /* cannot count the move: leave the block as it is */
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
    if (!count_free(block_size(block))) {
        return; /* cannot count it: a block kept is better than books that lie */
    }
    free(raw_pointer(block));
}

MEMLAB_API void memlab_alloc_stats_get(memlab_alloc_stats *out) {
    int64_t live = 0, peak = 0, allocations = 0, frees = 0, allocated_bytes = 0;
    for (thread_totals *totals = first_totals(); totals != NULL; totals = totals->next) {
        live += load_relaxed(&totals->live_bytes);
        peak += load_relaxed(&totals->peak_bytes);
        allocations += load_relaxed(&totals->allocations);
        frees += load_relaxed(&totals->frees);
        allocated_bytes += load_relaxed(&totals->allocated_bytes);
    }
    out->live_bytes = live;
    out->live_blocks = allocations - frees;
    out->peak_live_bytes = peak;
    out->total_allocated_bytes = allocated_bytes;
    out->total_allocations = allocations;
    out->total_frees = frees;
}

MEMLAB_API size_t memlab_alloc_overhead_bytes(void) {
    return HEADER_BYTES;
}

MEMLAB_API void memlab_alloc_reset_peak(void) {
    for (thread_totals *totals = first_totals(); totals != NULL; totals = totals->next) {
        store_relaxed(&totals->peak_bytes, load_relaxed(&totals->live_bytes));
    }
}
