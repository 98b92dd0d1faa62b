/* The tracked allocator is exact: every byte counted in is counted out, under concurrency too. */
#include "check.h"
#include "memlab.h"

#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#endif

static memlab_alloc_stats stats(void) {
    memlab_alloc_stats s;
    memlab_alloc_stats_get(&s);
    return s;
}

static void test_counts_malloc_calloc_realloc_free(void) {
    memlab_alloc_stats before = stats();
    char *a = memlab_malloc(100);
    int *b = memlab_calloc(10, sizeof(int));
    CHECK(a != NULL && b != NULL);
    for (int i = 0; i < 10; i++) {
        CHECK(b[i] == 0); /* calloc zeroes */
    }
    memlab_alloc_stats mid = stats();
    CHECK_EQ_I64(100 + 10 * sizeof(int), mid.live_bytes - before.live_bytes);
    CHECK_EQ_I64(2, mid.live_blocks - before.live_blocks);

    memcpy(a, "kept across realloc", 20);
    a = memlab_realloc(a, 1000);
    CHECK(a != NULL && memcmp(a, "kept across realloc", 20) == 0);
    memlab_alloc_stats grown = stats();
    CHECK_EQ_I64(1000 + 10 * sizeof(int), grown.live_bytes - before.live_bytes);
    CHECK_EQ_I64(2, grown.live_blocks - before.live_blocks);
    CHECK(grown.peak_live_bytes - before.live_bytes >= 1000 + 10 * (int64_t)sizeof(int));

    memlab_free(a);
    memlab_free(b);
    memlab_free(NULL); /* like free(NULL): nothing */
    memlab_alloc_stats after = stats();
    CHECK_EQ_I64(before.live_bytes, after.live_bytes);
    CHECK_EQ_I64(before.live_blocks, after.live_blocks);
    CHECK_EQ_I64(100 + 40 + 1000, after.total_allocated_bytes - before.total_allocated_bytes);
    CHECK_EQ_I64(3, after.total_allocations - before.total_allocations);
    CHECK_EQ_I64(3, after.total_frees - before.total_frees);
}

static void test_alignment_and_overflow(void) {
    for (size_t n = 1; n < 64; n++) {
        void *p = memlab_malloc(n);
        CHECK(((uintptr_t)p % 16) == 0 || ((uintptr_t)p % sizeof(void *)) == 0);
        memlab_free(p);
    }
    memlab_alloc_stats before = stats();
    CHECK(memlab_malloc(SIZE_MAX) == NULL);
    CHECK(memlab_calloc(SIZE_MAX / 2, 4) == NULL);
    CHECK_EQ_I64(before.total_allocations, stats().total_allocations);
}

static void test_peak_window(void) {
    void *big = memlab_malloc(1 << 20);
    memlab_free(big);
    memlab_alloc_reset_peak();
    memlab_alloc_stats s = stats();
    CHECK_EQ_I64(s.live_bytes, s.peak_live_bytes);
}

#define THREADS 8
#define OPERATIONS 1000000

#if defined(_WIN32)
static DWORD WINAPI churn(LPVOID unused)
#else
static void *churn(void *unused)
#endif
{
    (void)unused;
    void *held[16] = {0};
    for (int i = 0; i < OPERATIONS; i++) {
        int slot = i % 16;
        if (held[slot] != NULL) {
            memlab_free(held[slot]);
        }
        held[slot] = (i % 3 == 0) ? memlab_calloc(1, (size_t)(i % 512) + 1) : memlab_malloc((size_t)(i % 512) + 1);
    }
    for (int slot = 0; slot < 16; slot++) {
        memlab_free(held[slot]);
    }
    return 0;
}

static void test_exact_under_concurrency(void) {
    memlab_alloc_stats before = stats();
#if defined(_WIN32)
    HANDLE threads[THREADS];
    for (int t = 0; t < THREADS; t++) threads[t] = CreateThread(NULL, 0, churn, NULL, 0, NULL);
    WaitForMultipleObjects(THREADS, threads, TRUE, INFINITE);
#else
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, churn, NULL);
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
#endif
    memlab_alloc_stats after = stats();
    int64_t expected_bytes = 0;
    for (int i = 0; i < OPERATIONS; i++) expected_bytes += (i % 512) + 1;
    CHECK_EQ_I64(before.live_bytes, after.live_bytes);
    CHECK_EQ_I64(before.live_blocks, after.live_blocks);
    CHECK_EQ_I64((int64_t)THREADS * OPERATIONS, after.total_allocations - before.total_allocations);
    CHECK_EQ_I64((int64_t)THREADS * OPERATIONS, after.total_frees - before.total_frees);
    CHECK_EQ_I64(THREADS * expected_bytes, after.total_allocated_bytes - before.total_allocated_bytes);
    CHECK(after.peak_live_bytes >= after.live_bytes);
}

/* Blocks malloc'd by one thread and freed by another: each thread counts what it did, the sum is exact. */
#define HANDED_OVER 1000
static void *handed_over[HANDED_OVER];

#if defined(_WIN32)
static DWORD WINAPI free_handed_over(LPVOID unused)
#else
static void *free_handed_over(void *unused)
#endif
{
    (void)unused;
    for (int i = 0; i < HANDED_OVER; i++) {
        memlab_free(handed_over[i]);
    }
    return 0;
}

static void test_free_on_another_thread(void) {
    memlab_alloc_stats before = stats();
    for (int i = 0; i < HANDED_OVER; i++) {
        handed_over[i] = memlab_malloc(100);
    }
    CHECK_EQ_I64(before.live_blocks + HANDED_OVER, stats().live_blocks);
#if defined(_WIN32)
    HANDLE thread = CreateThread(NULL, 0, free_handed_over, NULL, 0, NULL);
    WaitForSingleObject(thread, INFINITE);
#else
    pthread_t thread;
    pthread_create(&thread, NULL, free_handed_over, NULL);
    pthread_join(thread, NULL);
#endif
    memlab_alloc_stats after = stats();
    CHECK_EQ_I64(before.live_bytes, after.live_bytes);
    CHECK_EQ_I64(before.live_blocks, after.live_blocks);
    CHECK_EQ_I64(HANDED_OVER, after.total_frees - before.total_frees);
    CHECK_EQ_I64(HANDED_OVER * 100, after.total_allocated_bytes - before.total_allocated_bytes);
}

int main(void) {
    test_counts_malloc_calloc_realloc_free();
    test_alignment_and_overflow();
    test_peak_window();
    test_exact_under_concurrency();
    test_free_on_another_thread();
    return TEST_EXIT();
}
