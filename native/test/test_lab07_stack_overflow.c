/* Lab 07 in C: bounded recursion refuses past its bound; the iterative fix needs no depth. */
#include "check.h"
#include "lab07_stack_overflow.h"

int main(void) {
    volatile int64_t depth = 0;
    CHECK_EQ_I64(1000, memlab_recurse(1000, &depth));
    CHECK_EQ_I64(1000, depth);
    CHECK_EQ_I64(-1, memlab_recurse_bounded(1000000000, 5000, &depth));
    CHECK_EQ_I64(5000, depth);
    CHECK_EQ_I64(1000000000, memlab_iterate(1000000000));
    return TEST_EXIT();
}
