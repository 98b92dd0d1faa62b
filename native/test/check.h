/*
 * A minimal test harness: CHECK records a failure with its line and keeps going;
 * TEST_EXIT prints "N passed, N failed" and returns non-zero on any failure.
 */
#ifndef MEMLAB_CHECK_H
#define MEMLAB_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "memlab.h"

static int checks_passed;
static int checks_failed;

#define CHECK(condition)                                                        \
    do {                                                                        \
        if (condition) {                                                        \
            checks_passed++;                                                    \
        } else {                                                                \
            checks_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
        }                                                                       \
    } while (0)

#define CHECK_EQ_I64(expected, actual)                                          \
    do {                                                                        \
        int64_t e_ = (int64_t)(expected), a_ = (int64_t)(actual);              \
        if (e_ == a_) {                                                         \
            checks_passed++;                                                    \
        } else {                                                                \
            checks_failed++;                                                    \
            fprintf(stderr, "%s:%d: expected %s == %" PRId64 ", got %" PRId64 "\n", \
                    __FILE__, __LINE__, #actual, e_, a_);                       \
        }                                                                       \
    } while (0)

/* The process's statistics now. */
static inline memlab_process_stats process_sample(void) {
    memlab_process_stats s;
    memlab_process_stats_get(&s);
    return s;
}

/* Bytes live in memlab's tracked allocator now. */
static inline int64_t tracked_live_bytes(void) {
    memlab_alloc_stats s;
    memlab_alloc_stats_get(&s);
    return s.live_bytes;
}

/* Resident bytes of this process now (MEMLAB_UNSUPPORTED where the OS has no figure). */
static inline int64_t resident_bytes(void) {
    return process_sample().resident_bytes;
}

/*
 * Whether this process sees the real C allocator and clean page faults. AddressSanitizer and
 * valgrind replace malloc (mallinfo2 reads 0, malloc_trim does nothing, freed memory sits in a
 * quarantine) and fault in shadow memory of their own: under them the tests still check every
 * memory access and exact tracked counts, but not what the allocator or the page tables report.
 * .ci/native-checks sets MEMLAB_ALLOCATOR_REPLACED=1 for its valgrind run.
 */
#if defined(__SANITIZE_ADDRESS__)
#define MEMLAB_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMLAB_UNDER_ASAN 1
#endif
#endif

static inline int measuring_real_memory(void) {
#if defined(MEMLAB_UNDER_ASAN)
    return 0;
#else
    return getenv("MEMLAB_ALLOCATOR_REPLACED") == NULL;
#endif
}

#define TEST_EXIT()                                                             \
    (printf("%d passed, %d failed\n", checks_passed, checks_failed), checks_failed != 0)

/*
 * Whether the resident set and page faults this process reads are its own. Under qemu-user
 * (the Linux arm64 tests on an x86-64 machine) they are the emulator's, which keeps bookkeeping
 * of its own for every page the guest maps: MEMLAB_EMULATED is set for those runs.
 */
static inline int measuring_real_pages(void) {
    return measuring_real_memory() && getenv("MEMLAB_EMULATED") == NULL;
}

#endif
