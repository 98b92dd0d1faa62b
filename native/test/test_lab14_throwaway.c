/* Lab 14 in C alone: a filled block is tracked, filled, and gone once freed. */
#include "check.h"
#include "lab14_throwaway.h"

int main(void) {
    int64_t live_start = tracked_live_bytes();
    unsigned char *block = memlab_throwaway_filled(1000, 7);
    CHECK(block != NULL);
    CHECK(block[0] == 7 && block[999] == 7);
    CHECK_EQ_I64(1000, tracked_live_bytes() - live_start);
    memlab_free(block);
    CHECK_EQ_I64(live_start, tracked_live_bytes());
    return TEST_EXIT();
}
