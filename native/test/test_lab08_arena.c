/* Lab 08 in C alone: C sums memory it did not allocate and leaves it alone: the caller's bytes
 * are read, never changed, and the tracked allocator does not move. */
#include "check.h"
#include "lab08_arena.h"

#include <string.h>

int main(void) {
    unsigned char owned_by_caller[4096];
    memset(owned_by_caller, 0xA5, sizeof owned_by_caller);
    owned_by_caller[0] = 1;
    int64_t live_start = tracked_live_bytes();

    CHECK_EQ_I64(1 + 0xA5 * 4095, (int64_t)memlab_arena_checksum(owned_by_caller, sizeof owned_by_caller));
    CHECK_EQ_I64(0, (int64_t)memlab_arena_checksum(owned_by_caller, 0)); /* nothing to read */
    CHECK_EQ_I64(1, (int64_t)memlab_arena_checksum(owned_by_caller, 1));
    CHECK(owned_by_caller[0] == 1 && owned_by_caller[4095] == 0xA5); /* read, not written */
    CHECK_EQ_I64(live_start, tracked_live_bytes());                  /* nothing allocated */
    return TEST_EXIT();
}
