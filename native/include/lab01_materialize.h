/*
 * Lab 01 (materialize): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB01_MATERIALIZE_H
#define MEMLAB_LAB01_MATERIALIZE_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lab 01: materialize ------------------------------------------------------------------
 * Python's list(range(n)) vs range(n): every value stored at once, or three numbers and a cursor. */
/* A tracked int32 buffer holding start, start+step, ... < stop (the list); NULL if step <= 0. */
MEMLAB_API int32_t *memlab_range_materialize(int32_t start, int32_t stop, int32_t step, int64_t *count_out);
MEMLAB_API int64_t memlab_range_sum_buffer(const int32_t *values, int64_t count);

/* The lazy range: a tracked struct of start/stop/step and a cursor, advanced one value per call. */
typedef struct memlab_range {
    int32_t start;
    int32_t stop;
    int32_t step;
    int32_t next;
} memlab_range;
#define MEMLAB_RANGE_END INT64_MIN
MEMLAB_API memlab_range *memlab_range_new(int32_t start, int32_t stop, int32_t step);
/* The next value, or MEMLAB_RANGE_END once the range is exhausted. */
MEMLAB_API int64_t memlab_range_next(memlab_range *range);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB01_MATERIALIZE_H */
