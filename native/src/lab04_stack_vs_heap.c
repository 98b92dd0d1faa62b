/*
 * Lab 04 — stack vs heap. The seed timed Python objects and concluded "stack is 10x faster". In C
 * the question is concrete: a 1 KiB buffer as a local array (the stack pointer moves, nothing
 * else) or from malloc/free (a call into the allocator, twice). Both loops do the same work on
 * the buffer; `noinline` and the checksum keep the compiler from deleting either.
 */
#if defined(__linux__) || defined(__APPLE__)
#define _POSIX_C_SOURCE 200809L
#endif

#include "lab04_stack_vs_heap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(_WIN32)
#include <windows.h>
#endif

#define BUFFER_BYTES 1024

#if defined(_MSC_VER)
#define NOINLINE __declspec(noinline)
#else
#define NOINLINE __attribute__((noinline))
#endif

static int64_t now_ns(void) {
#if defined(_WIN32)
    LARGE_INTEGER counter, frequency;
    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return (int64_t)((double)counter.QuadPart * 1e9 / (double)frequency.QuadPart);
#else
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
#endif
}

static int64_t use_buffer(volatile unsigned char *buffer, int64_t call) {
    buffer[0] = (unsigned char)call;
    buffer[BUFFER_BYTES / 2] = (unsigned char)(call >> 8);
    buffer[BUFFER_BYTES - 1] = 1;
    return buffer[0] + buffer[BUFFER_BYTES / 2] + buffer[BUFFER_BYTES - 1];
}

static NOINLINE int64_t with_stack_buffer(int64_t call) {
    volatile unsigned char buffer[BUFFER_BYTES]; /* on the stack: gone when the function returns */
    return use_buffer(buffer, call);
}

static NOINLINE int64_t with_heap_buffer(int64_t call) {
    volatile unsigned char *buffer = malloc(BUFFER_BYTES); /* from the allocator: must be freed */
    if (buffer == NULL) {
        return 0;
    }
    int64_t result = use_buffer(buffer, call);
    free((void *)buffer);
    return result;
}

/* Two loops, not one taking a function pointer: an indirect call would cost about as much as the
 * stack buffer it is there to measure. */
MEMLAB_API int64_t memlab_stack_loop_ns(int64_t calls, int64_t *checksum_out) {
    int64_t checksum = 0;
    int64_t start = now_ns();
    for (int64_t i = 0; i < calls; i++) {
        checksum += with_stack_buffer(i);
    }
    int64_t elapsed = now_ns() - start;
    *checksum_out = checksum;
    return elapsed;
}

MEMLAB_API int64_t memlab_heap_loop_ns(int64_t calls, int64_t *checksum_out) {
    int64_t checksum = 0;
    int64_t start = now_ns();
    for (int64_t i = 0; i < calls; i++) {
        checksum += with_heap_buffer(i);
    }
    int64_t elapsed = now_ns() - start;
    *checksum_out = checksum;
    return elapsed;
}
