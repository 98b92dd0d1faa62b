/* Lab 01 in C: the materialized range costs exactly 4n bytes; the lazy one 16, whatever n. */
#include "check.h"
#include "lab01_materialize.h"

int main(void) {
    for (int32_t n = 10; n <= 1000000; n *= 100) {
        int64_t before = tracked_live_bytes();
        int64_t count;
        int32_t *values = memlab_range_materialize(0, n, 1, &count);
        CHECK_EQ_I64(n, count);
        CHECK_EQ_I64(4 * (int64_t)n, tracked_live_bytes() - before);
        CHECK_EQ_I64((int64_t)n * (n - 1) / 2, memlab_range_sum_buffer(values, count));
        memlab_free(values);

        memlab_range *range = memlab_range_new(0, n, 1);
        CHECK_EQ_I64(sizeof(memlab_range), tracked_live_bytes() - before);
        int64_t sum = 0, value;
        while ((value = memlab_range_next(range)) != MEMLAB_RANGE_END) {
            sum += value;
        }
        CHECK_EQ_I64((int64_t)n * (n - 1) / 2, sum);
        memlab_free(range);
        CHECK_EQ_I64(before, tracked_live_bytes());
    }
    /* steps, empty ranges, and no overflow at the top of int32 */
    int64_t count;
    int32_t *odd = memlab_range_materialize(1, 10, 3, &count); /* 1 4 7 */
    CHECK_EQ_I64(3, count);
    CHECK_EQ_I64(12, memlab_range_sum_buffer(odd, count));
    memlab_free(odd);
    memlab_range *top = memlab_range_new(INT32_MAX - 2, INT32_MAX, 5);
    CHECK_EQ_I64(INT32_MAX - 2, memlab_range_next(top));
    CHECK_EQ_I64(MEMLAB_RANGE_END, memlab_range_next(top));
    memlab_free(top);
    CHECK(memlab_range_new(0, 10, 0) == NULL);
    return TEST_EXIT();
}
