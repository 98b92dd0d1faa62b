/* Lab 04 in C: both loops do the same work (equal checksums) and take measurable time. */
#include "check.h"
#include "lab04_stack_vs_heap.h"

int main(void) {
    int64_t stack_sum, heap_sum;
    int64_t stack_ns = memlab_stack_loop_ns(1000000, &stack_sum);
    int64_t heap_ns = memlab_heap_loop_ns(1000000, &heap_sum);
    CHECK_EQ_I64(stack_sum, heap_sum);
    CHECK(stack_ns > 0 && heap_ns > 0);
    return TEST_EXIT();
}
