/*
 * Tracked allocator: the C library's own malloc family, counting every byte it hands out.
 *
 * Each block carries a small header holding its requested size, so memlab_free knows exactly
 * how much leaves the live total: the counters are exact, not estimates. The header is as
 * wide as the strictest fundamental alignment, so the caller's pointer stays aligned like
 * malloc's. Any number of threads may allocate and free at once.
 *
 * What counting costs: an atomic read-modify-write (a `lock`ed instruction on x86) takes several
 * nanoseconds even uncontended, about as long as glibc's whole malloc fast path. So only the live
 * byte count, which the peak must see exactly across threads, is one shared atomic. The totals
 * (allocations, frees, bytes ever requested) live in a per-thread slot that only its own thread
 * writes, with plain stores; a reader sums the slots. Slots are never freed, so totals survive
 * their thread: a few dozen bytes per thread that ever allocated, still reachable from the list.
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
/* Only the owning thread writes: an aligned 64-bit store is atomic on x64, no lock needed. */
static void counter_bump(counter_t *c, int64_t v) { *c = *c + v; }
#define THREAD_LOCAL __declspec(thread)
#else
#include <stdatomic.h>
typedef _Atomic int64_t counter_t;
static int64_t counter_add(counter_t *c, int64_t v) { return atomic_fetch_add(c, v) + v; }
static int64_t counter_load(counter_t *c) { return atomic_load(c); }
static void counter_store(counter_t *c, int64_t v) { atomic_store(c, v); }
static int counter_cas(counter_t *c, int64_t expected, int64_t desired) {
    return atomic_compare_exchange_weak(c, &expected, desired);
}
static void counter_bump(counter_t *c, int64_t v) {
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + v, memory_order_relaxed);
}
#if defined(__linux__) && defined(__GNUC__)
/* initial-exec: one %fs-relative load instead of a __tls_get_addr call per access. */
#define THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define THREAD_LOCAL _Thread_local
#endif
#endif

/* The header keeps the user pointer aligned as malloc's own would be. */
#define HEADER_BYTES (alignof(max_align_t) > sizeof(size_t) ? alignof(max_align_t) : sizeof(size_t))

static counter_t live_bytes;
static counter_t peak_live_bytes;

/* One thread's totals; written only by that thread, read by anyone. */
typedef struct thread_totals {
    counter_t allocations;
    counter_t frees;
    counter_t allocated_bytes;
    struct thread_totals *next;
} thread_totals;

#if defined(_MSC_VER) && !defined(__clang__)
static thread_totals *volatile all_totals;
static int push_totals(thread_totals *totals) {
    totals->next = all_totals;
    return InterlockedCompareExchangePointer((PVOID volatile *)&all_totals, totals, totals->next) == totals->next;
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

static THREAD_LOCAL thread_totals *my_totals;

/* This thread's slot, made and linked in on its first allocation; NULL only if calloc fails. */
static thread_totals *totals_of_this_thread(void) {
    if (my_totals == NULL) {
        thread_totals *totals = calloc(1, sizeof *totals);
        if (totals == NULL) {
            return NULL;
        }
        while (!push_totals(totals)) {
            /* another thread linked its slot first: retry on the new head */
        }
        my_totals = totals;
    }
    return my_totals;
}

static void raise_peak(int64_t live) {
    int64_t peak = counter_load(&peak_live_bytes);
    while (live > peak) {
        if (counter_cas(&peak_live_bytes, peak, live)) {
            return;
        }
        peak = counter_load(&peak_live_bytes); /* another thread moved it: look again */
    }
}

/* Counts an allocation; 0 if this thread has no slot (then the caller fails the allocation). */
static int count_allocation(size_t bytes) {
    thread_totals *totals = totals_of_this_thread();
    if (totals == NULL) {
        return 0;
    }
    counter_bump(&totals->allocations, 1);
    counter_bump(&totals->allocated_bytes, (int64_t)bytes);
    raise_peak(counter_add(&live_bytes, (int64_t)bytes));
    return 1;
}

static void count_free(size_t bytes) {
    counter_add(&live_bytes, -(int64_t)bytes);
    thread_totals *totals = totals_of_this_thread();
    if (totals != NULL) {
        counter_bump(&totals->frees, 1);
    }
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
    count_free(block_size(block));
    free(raw_pointer(block));
}

MEMLAB_API void memlab_alloc_stats_get(memlab_alloc_stats *out) {
    int64_t allocations = 0, frees = 0, allocated_bytes = 0;
    for (thread_totals *totals = first_totals(); totals != NULL; totals = totals->next) {
        allocations += counter_load(&totals->allocations);
        frees += counter_load(&totals->frees);
        allocated_bytes += counter_load(&totals->allocated_bytes);
    }
    out->live_bytes = counter_load(&live_bytes);
    out->live_blocks = allocations - frees;
    out->peak_live_bytes = counter_load(&peak_live_bytes);
    out->total_allocated_bytes = allocated_bytes;
    out->total_allocations = allocations;
    out->total_frees = frees;
}

MEMLAB_API void memlab_alloc_reset_peak(void) {
    counter_store(&peak_live_bytes, counter_load(&live_bytes));
}
