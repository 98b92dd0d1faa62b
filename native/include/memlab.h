/*
 * memlab.h — the C API every lab shares: the tracked allocator, the process's statistics, pages.
 * Each lab's own functions are in its own header beside this one (lab05_leak.h, ...).
 *
 * Java calls every function twice over: through the Foreign Function & Memory API and through
 * JNR-FFI (here: memlab.nativelib.FfmNative and JnrNative; a lab's own: its package's *Ffm and
 * *Jnr classes). Keep the signatures to fixed-width integers, size_t, pointers and plain structs
 * of int64_t so both bindings describe them the same way (memlab.nativelib.CTypes mirrors the
 * structs).
 *
 * Naming: memlab_<area>_<verb>, where <area> is the allocator, the process statistics, or a
 * lab ("memlab_leak_...", lab 05). Every exported symbol carries MEMLAB_API; everything else
 * is hidden (the library is built with -fvisibility=hidden).
 */
#ifndef MEMLAB_H
#define MEMLAB_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(MEMLAB_BUILDING)
#    define MEMLAB_API __declspec(dllexport)
#  else
#    define MEMLAB_API __declspec(dllimport)
#  endif
#else
#  define MEMLAB_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A figure this operating system has no source for. */
#define MEMLAB_UNSUPPORTED (-1)

MEMLAB_API const char *memlab_version(void);

/* ---- Tracked allocator -------------------------------------------------------------------
 * malloc/calloc/realloc/free that count what is live. Exact (each block remembers its size)
 * and thread-safe (lock-free atomic counters). Memory from memlab_malloc must be released
 * with memlab_free, never with free().
 */
typedef struct memlab_alloc_stats {
    int64_t live_bytes;            /* bytes requested and not yet freed */
    int64_t live_blocks;           /* blocks allocated and not yet freed */
    int64_t peak_live_bytes;       /* highest live_bytes since start or the last reset_peak: exact
                                      while one thread at a time allocates; with several at once,
                                      the sum of each thread's own peak (an upper bound) */
    int64_t total_allocated_bytes; /* bytes ever requested (realloc counts its new size) */
    int64_t total_allocations;     /* successful malloc/calloc/realloc calls that allocated */
    int64_t total_frees;           /* blocks released (free, or realloc moving a block) */
} memlab_alloc_stats;

MEMLAB_API void *memlab_malloc(size_t bytes);
MEMLAB_API void *memlab_calloc(size_t count, size_t size);
MEMLAB_API void *memlab_realloc(void *block, size_t bytes);
MEMLAB_API void memlab_free(void *block);
MEMLAB_API void memlab_alloc_stats_get(memlab_alloc_stats *out);
/* Bytes the tracked allocator adds to every block (its size header): what malloc itself, and a
 * tool like valgrind, sees per block beyond the bytes requested. */
MEMLAB_API size_t memlab_alloc_overhead_bytes(void);
/* Starts a new peak window: peak_live_bytes becomes the current live_bytes. */
MEMLAB_API void memlab_alloc_reset_peak(void);

/* ---- Process statistics (per OS) ---------------------------------------------------------
 * Each field is MEMLAB_UNSUPPORTED where this OS has no source for it.
 */
typedef struct memlab_process_stats {
    int64_t resident_bytes;         /* RSS / working set */
    int64_t virtual_bytes;          /* address space reserved by the process */
    int64_t minor_faults;           /* page faults served without I/O (Windows: all faults) */
    int64_t major_faults;           /* page faults that needed I/O */
    int64_t allocator_in_use_bytes; /* bytes the C runtime's malloc has handed out */
} memlab_process_stats;

MEMLAB_API void memlab_process_stats_get(memlab_process_stats *out);
MEMLAB_API int64_t memlab_page_size(void);
/* Asks the C allocator to return free memory to the OS: 1 released some, 0 none,
 * MEMLAB_UNSUPPORTED where the allocator has no such call (glibc has malloc_trim). */
MEMLAB_API int memlab_allocator_trim(void);
/* Writes one byte in every page of [block, block+bytes): the pages become resident. */
MEMLAB_API void memlab_touch_pages(void *block, size_t bytes);

/* ---- Crash isolation self-test ------------------------------------------------------------ */
/* Writes through a null pointer. Only ever called in a child process (memlab.isolate). */
MEMLAB_API void memlab_crash_null_write(void);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_H */
