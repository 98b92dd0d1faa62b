/*
 * Lab 06 — virtual memory. A process can hold far more address space than memory: reserving
 * costs no RAM, committing costs none either, and only the first write to a page makes the OS
 * find a physical page for it (a minor fault). Transparent huge pages are turned off for the
 * region so that one fault is one page, as the seed's picture has it.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#elif defined(__APPLE__)
#define _DARWIN_C_SOURCE
#endif

#include "lab06_virtual_memory.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <sys/mman.h>
#endif

MEMLAB_API void *memlab_vm_reserve(size_t bytes) {
#if defined(_WIN32)
    return VirtualAlloc(NULL, bytes, MEM_RESERVE, PAGE_NOACCESS);
#else
    void *block = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (block == MAP_FAILED) {
        return NULL;
    }
#if defined(__linux__) && defined(MADV_NOHUGEPAGE)
    madvise(block, bytes, MADV_NOHUGEPAGE); /* one fault, one 4 KiB page */
#endif
    return block;
#endif
}

MEMLAB_API int memlab_vm_commit(void *block, size_t bytes) {
#if defined(_WIN32)
    return VirtualAlloc(block, bytes, MEM_COMMIT, PAGE_READWRITE) != NULL ? 0 : -1;
#else
    return mprotect(block, bytes, PROT_READ | PROT_WRITE);
#endif
}

MEMLAB_API int memlab_vm_release(void *block, size_t bytes) {
#if defined(_WIN32)
    (void)bytes;
    return VirtualFree(block, 0, MEM_RELEASE) ? 0 : -1;
#else
    return munmap(block, bytes);
#endif
}

MEMLAB_API int64_t memlab_vm_random_reads(const void *block, size_t bytes, int64_t reads) {
    const volatile unsigned char *bytes_of = block;
    size_t page = (size_t)memlab_page_size();
    size_t pages = bytes / page;
    uint64_t state = 0x9E3779B97F4A7C15u; /* xorshift64: the same pages on every run */
    int64_t sum = 0;
    for (int64_t i = 0; i < reads && pages > 0; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        sum += bytes_of[(state % pages) * page];
    }
    return sum;
}
