/*
 * Lab 01 — materialize. list(range(n)) stores n values at once; range(n) stores three numbers and
 * computes each value when asked. In C the difference is a buffer of n int32 (4n bytes, exactly,
 * in the tracked allocator) against a 16-byte struct and a function call per value.
 */
#include "lab01_materialize.h"

static int64_t range_length(int32_t start, int32_t stop, int32_t step) {
    if (step <= 0 || stop <= start) {
        return 0;
    }
    return ((int64_t)stop - start + step - 1) / step;
}

MEMLAB_API int32_t *memlab_range_materialize(int32_t start, int32_t stop, int32_t step, int64_t *count_out) {
    *count_out = 0;
    if (step <= 0) {
        return NULL;
    }
    int64_t count = range_length(start, stop, step);
    int32_t *values = memlab_malloc((size_t)(count > 0 ? count : 1) * sizeof *values);
    if (values == NULL) {
        return NULL;
    }
    int32_t value = start;
    for (int64_t i = 0; i < count; i++, value += step) {
        values[i] = value;
    }
    *count_out = count;
    return values;
}

MEMLAB_API int64_t memlab_range_sum_buffer(const int32_t *values, int64_t count) {
    int64_t sum = 0;
    for (int64_t i = 0; i < count; i++) {
        sum += values[i];
    }
    return sum;
}

MEMLAB_API memlab_range *memlab_range_new(int32_t start, int32_t stop, int32_t step) {
    if (step <= 0) {
        return NULL;
    }
    memlab_range *range = memlab_malloc(sizeof *range);
    if (range != NULL) {
        range->start = start;
        range->stop = stop;
        range->step = step;
        range->next = start;
    }
    return range;
}

MEMLAB_API int64_t memlab_range_next(memlab_range *range) {
    if (range->next >= range->stop) {
        return MEMLAB_RANGE_END;
    }
    int32_t value = range->next;
    /* saturate instead of overflowing past INT32_MAX */
    range->next = (range->stop - value <= range->step) ? range->stop : value + range->step;
    return value;
}
