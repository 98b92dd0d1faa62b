/* Lab 05 in C alone: a chunk nobody frees stays live in the tracked allocator; written pages
 * are resident, unwritten ones are not. */
#include "check.h"
#include "lab05_leak.h"

#define CHUNK (8 * 1024 * 1024)
#define CHUNKS 4

int main(void) {
    int64_t live_start = tracked_live_bytes();
    int64_t rss_start = resident_bytes();
    void *untouched[CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
        untouched[i] = memlab_leak_chunk(CHUNK, 0);
        CHECK(untouched[i] != NULL);
    }
    int64_t rss_untouched = resident_bytes();
    CHECK_EQ_I64((int64_t)CHUNK * CHUNKS, tracked_live_bytes() - live_start);

    for (int i = 0; i < CHUNKS; i++) {
        memlab_free(memlab_leak_chunk(CHUNK, 1));
    }
    void *written = memlab_leak_chunk(CHUNK, 1);
    CHECK(((unsigned char *)written)[CHUNK - 1] == 0xA5);
    CHECK_EQ_I64((int64_t)CHUNK * (CHUNKS + 1), tracked_live_bytes() - live_start);
#if defined(__linux__) || defined(__APPLE__)
    CHECK(rss_untouched - rss_start < CHUNK);           /* four chunks, not even one resident */
    CHECK(resident_bytes() - rss_untouched >= CHUNK * 9 / 10); /* the written one is */
#endif
    for (int i = 0; i < CHUNKS; i++) {
        memlab_free(untouched[i]);
    }
    memlab_free(written);
    CHECK_EQ_I64(live_start, tracked_live_bytes());
    (void)rss_untouched;
    (void)rss_start;
    return TEST_EXIT();
}
