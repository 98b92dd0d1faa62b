/*
 * Downcall targets for the JMH benchmarks (benchmarks/): functions that do next to nothing, so
 * what a benchmark measures is the call itself. The *_loop functions make the same calls from C,
 * through a function pointer the compiler cannot inline: the floor no binding can beat.
 */
#include "bench_targets.h"

#include <stdlib.h>

MEMLAB_API void memlab_bench_noop(void) {
}

MEMLAB_API int32_t memlab_bench_add(int32_t a, int32_t b) {
    return a + b;
}

MEMLAB_API int32_t memlab_bench_buffer(const uint8_t *bytes, size_t length) {
    return length == 0 ? 0 : bytes[0] + bytes[length - 1];
}

/* volatile: read at every call, so each iteration is a real indirect call, never inlined away. */
static void (*volatile noop_target)(void) = memlab_bench_noop;
static int32_t (*volatile add_target)(int32_t, int32_t) = memlab_bench_add;
static int32_t (*volatile buffer_target)(const uint8_t *, size_t) = memlab_bench_buffer;

MEMLAB_API void memlab_bench_noop_loop(int64_t calls) {
    for (int64_t i = 0; i < calls; i++) {
        noop_target();
    }
}

MEMLAB_API int32_t memlab_bench_add_loop(int64_t calls) {
    int32_t sum = 0;
    for (int64_t i = 0; i < calls; i++) {
        sum = add_target(sum, (int32_t)i);
    }
    return sum;
}

MEMLAB_API int32_t memlab_bench_buffer_loop(const uint8_t *bytes, size_t length, int64_t calls) {
    int32_t sum = 0;
    for (int64_t i = 0; i < calls; i++) {
        sum += buffer_target(bytes, length);
    }
    return sum;
}

/* malloc and free through pointers, so the compiler cannot pair and remove them. */
static void *(*volatile malloc_target)(size_t) = malloc;
static void (*volatile free_target)(void *) = free;
static void *(*volatile tracked_malloc_target)(size_t) = memlab_malloc;
static void (*volatile tracked_free_target)(void *) = memlab_free;

MEMLAB_API void memlab_bench_malloc_loop(int64_t calls, int64_t bytes) {
    for (int64_t i = 0; i < calls; i++) {
        free_target(malloc_target((size_t)bytes));
    }
}

MEMLAB_API void memlab_bench_tracked_loop(int64_t calls, int64_t bytes) {
    for (int64_t i = 0; i < calls; i++) {
        tracked_free_target(tracked_malloc_target((size_t)bytes));
    }
}
