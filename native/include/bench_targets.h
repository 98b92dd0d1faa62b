/*
 * Benchmark targets (benchmarks/, JMH): calls that do almost nothing, to measure a binding's
 * downcall cost. The API every lab shares is memlab.h.
 */
#ifndef MEMLAB_BENCH_TARGETS_H
#define MEMLAB_BENCH_TARGETS_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Benchmarks (benchmarks/, JMH) --------------------------------------------------------
 * Calls that do almost nothing, to measure a binding's downcall cost; the *_loop forms make
 * `calls` of the same calls from C, the floor for comparison. */
MEMLAB_API void memlab_bench_noop(void);
MEMLAB_API int32_t memlab_bench_add(int32_t a, int32_t b);
MEMLAB_API int32_t memlab_bench_buffer(const uint8_t *bytes, size_t length);
MEMLAB_API void memlab_bench_noop_loop(int64_t calls);
MEMLAB_API int32_t memlab_bench_add_loop(int64_t calls);
MEMLAB_API int32_t memlab_bench_buffer_loop(const uint8_t *bytes, size_t length, int64_t calls);
/* `calls` malloc/free pairs of `bytes`, from C: libc's own, then memlab's tracked ones. */
MEMLAB_API void memlab_bench_malloc_loop(int64_t calls, int64_t bytes);
MEMLAB_API void memlab_bench_tracked_loop(int64_t calls, int64_t bytes);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_BENCH_TARGETS_H */
