/* Lab 12 in C alone: freed blocks leave the application's books at once; what the process keeps
 * resident afterwards is the allocator's choice, and malloc_trim (glibc) changes it. */
#include "check.h"
#include "lab12_retention.h"

#define MIB (1024 * 1024)
#define TOTAL (64 * MIB)

static void small_blocks_then_trim(int64_t block_bytes, int64_t keep_every) {
    int64_t live_start = tracked_live_bytes();
    int64_t rss_start = resident_bytes();
    memlab_blocks *blocks = memlab_blocks_alloc(TOTAL / block_bytes, block_bytes);
    CHECK(blocks != NULL);
    int64_t rss_written = resident_bytes();
    int64_t kept = memlab_blocks_free(blocks, keep_every);
    CHECK_EQ_I64(keep_every > 1 ? (TOTAL / block_bytes + keep_every - 1) / keep_every : 0, kept);
    int64_t rss_freed = resident_bytes();
    int trimmed = memlab_allocator_trim();
    int64_t rss_trimmed = resident_bytes();
    printf("block %" PRId64 " keep 1/%" PRId64 ": rss +%" PRId64 " KiB written, +%" PRId64
           " KiB freed, +%" PRId64 " KiB trimmed (trim=%d), held %" PRId64 " KiB\n",
           block_bytes, keep_every, (rss_written - rss_start) / 1024, (rss_freed - rss_start) / 1024,
           (rss_trimmed - rss_start) / 1024, trimmed, memlab_allocator_held_bytes() / 1024);
#if defined(__linux__) || defined(__APPLE__)
    CHECK(rss_written - rss_start >= TOTAL * 9 / 10);
#endif
#if defined(__GLIBC__)
    if (measuring_real_memory()) { /* a replaced allocator neither keeps nor trims the way glibc does */
        CHECK(trimmed >= 0);
        if (keep_every <= 1) {
            CHECK(rss_trimmed - rss_start < TOTAL / 10); /* trim returned the free pages */
        } else {
            CHECK(rss_trimmed - rss_start >= TOTAL * 9 / 10); /* one live block per page pins them all */
        }
        CHECK(memlab_allocator_held_bytes() > 0);
    }
#else
    CHECK_EQ_I64(MEMLAB_UNSUPPORTED, trimmed);
#endif
    memlab_blocks_release(blocks);
    CHECK_EQ_I64(live_start, tracked_live_bytes());
    (void)rss_freed;
    (void)rss_trimmed;
}

int main(void) {
    small_blocks_then_trim(1024, 0);
    small_blocks_then_trim(1024, 4); /* four 1 KiB blocks share a page: one live block pins it */
    CHECK(memlab_blocks_alloc(0, 16) == NULL);
    CHECK(memlab_blocks_alloc(4, 0) == NULL);

    /* above the mmap threshold every block is its own mapping, returned to the OS at free() */
    int64_t rss_start = resident_bytes();
    memlab_blocks *large = memlab_blocks_alloc(TOTAL / (4 * MIB), 4 * MIB);
    CHECK(large != NULL);
    memlab_blocks_free(large, 0);
#if defined(__GLIBC__)
    CHECK(!measuring_real_memory() || resident_bytes() - rss_start < TOTAL / 10);
#endif
    (void)rss_start;
    memlab_blocks_release(large);
    return TEST_EXIT();
}
