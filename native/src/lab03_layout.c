/*
 * Lab 03 — layout. The seed printed Python's id() of a few objects, which are all heap addresses.
 * Here each kind of memory has a real address: code (text), initialized and zeroed globals (data,
 * bss), small and large malloc blocks, two threads' stacks and an anonymous mapping.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#elif defined(__APPLE__)
#define _DARWIN_C_SOURCE
#endif

#include "lab03_layout.h"

#include <stdlib.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#include <sys/mman.h>
#endif

#define LARGE_BLOCK_BYTES (4u * 1024u * 1024u)
#define MAPPING_BYTES (64u * 1024u)

volatile int memlab_layout_initialized_global = 42; /* data */
volatile int memlab_layout_zero_global;             /* bss */

static void *small_block;
static void *large_block;
static void *mapping;
static volatile uint64_t parked_local_address;
static int held;

#if defined(_WIN32)
static HANDLE parked_thread;
static HANDLE ready_event;
static HANDLE release_event;

static DWORD WINAPI park(LPVOID unused) {
    (void)unused;
    volatile int local = 7;
    parked_local_address = (uint64_t)(uintptr_t)&local;
    SetEvent(ready_event);
    WaitForSingleObject(release_event, INFINITE);
    return (DWORD)local;
}
#else
static pthread_t parked_thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static int release_requested;

static void *park(void *unused) {
    (void)unused;
    volatile int local = 7;
    pthread_mutex_lock(&lock);
    parked_local_address = (uint64_t)(uintptr_t)&local;
    ready = 1;
    pthread_cond_broadcast(&changed);
    while (!release_requested) {
        pthread_cond_wait(&changed, &lock); /* parked: its stack stays mapped while the lab looks */
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}
#endif

static int start_parked_thread(void) {
#if defined(_WIN32)
    ready_event = CreateEvent(NULL, TRUE, FALSE, NULL);
    release_event = CreateEvent(NULL, TRUE, FALSE, NULL);
    parked_thread = CreateThread(NULL, 0, park, NULL, 0, NULL);
    if (parked_thread == NULL) {
        return -1;
    }
    WaitForSingleObject(ready_event, INFINITE);
    return 0;
#else
    ready = 0;
    release_requested = 0;
    if (pthread_create(&parked_thread, NULL, park, NULL) != 0) {
        return -1;
    }
    pthread_mutex_lock(&lock);
    while (!ready) {
        pthread_cond_wait(&changed, &lock);
    }
    pthread_mutex_unlock(&lock);
    return 0;
#endif
}

static void stop_parked_thread(void) {
#if defined(_WIN32)
    SetEvent(release_event);
    WaitForSingleObject(parked_thread, INFINITE);
    CloseHandle(parked_thread);
    CloseHandle(ready_event);
    CloseHandle(release_event);
#else
    pthread_mutex_lock(&lock);
    release_requested = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    pthread_join(parked_thread, NULL);
#endif
}

MEMLAB_API int memlab_layout_capture(memlab_layout *out) {
    if (held) {
        return -1;
    }
    volatile int local = 1;
    small_block = malloc(64);
    large_block = malloc(LARGE_BLOCK_BYTES);
#if defined(_WIN32)
    mapping = VirtualAlloc(NULL, MAPPING_BYTES, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
#else
    mapping = mmap(NULL, MAPPING_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) {
        mapping = NULL;
    }
#endif
    if (small_block == NULL || large_block == NULL || mapping == NULL || start_parked_thread() != 0) {
        free(small_block);
        free(large_block);
        return -1;
    }
    held = 1;
    out->text = (uint64_t)(uintptr_t)&memlab_layout_capture;
    out->data = (uint64_t)(uintptr_t)&memlab_layout_initialized_global;
    out->bss = (uint64_t)(uintptr_t)&memlab_layout_zero_global;
    out->heap_small = (uint64_t)(uintptr_t)small_block;
    out->heap_large = (uint64_t)(uintptr_t)large_block;
    out->stack = (uint64_t)(uintptr_t)&local;
    out->thread_stack = parked_local_address;
    out->mmap_anon = (uint64_t)(uintptr_t)mapping;
    return local == 1 ? 0 : -1;
}

MEMLAB_API void memlab_layout_release(void) {
    if (!held) {
        return;
    }
    stop_parked_thread();
    free(small_block);
    free(large_block);
#if defined(_WIN32)
    VirtualFree(mapping, 0, MEM_RELEASE);
#else
    munmap(mapping, MAPPING_BYTES);
#endif
    held = 0;
}
