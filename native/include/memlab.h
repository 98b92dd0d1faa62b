/*
 * memlab.h — the whole C API of the memlab native library.
 *
 * Java calls every function here twice over: through the Foreign Function & Memory API
 * (memlab.nativelib.FfmNative) and through JNR-FFI (memlab.nativelib.JnrNative). Keep the
 * signatures to fixed-width integers, size_t, pointers and plain structs of int64_t so both
 * bindings describe them the same way (memlab.nativelib.CTypes mirrors the structs).
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
/* Writes one byte in every page of [block, block+bytes): the pages become resident. */
MEMLAB_API void memlab_touch_pages(void *block, size_t bytes);

/* ---- Lab 01: materialize ------------------------------------------------------------------
 * Python's list(range(n)) vs range(n): every value stored at once, or three numbers and a cursor. */
/* A tracked int32 buffer holding start, start+step, ... < stop (the list); NULL if step <= 0. */
MEMLAB_API int32_t *memlab_range_materialize(int32_t start, int32_t stop, int32_t step, int64_t *count_out);
MEMLAB_API int64_t memlab_range_sum_buffer(const int32_t *values, int64_t count);

/* The lazy range: a tracked struct of start/stop/step and a cursor, advanced one value per call. */
typedef struct memlab_range {
    int32_t start;
    int32_t stop;
    int32_t step;
    int32_t next;
} memlab_range;
#define MEMLAB_RANGE_END INT64_MIN
MEMLAB_API memlab_range *memlab_range_new(int32_t start, int32_t stop, int32_t step);
/* The next value, or MEMLAB_RANGE_END once the range is exhausted. */
MEMLAB_API int64_t memlab_range_next(memlab_range *range);

/* ---- Lab 02: cycles ---------------------------------------------------------------------
 * Reference-counted nodes, as CPython counts references. Each node holds a counted (strong) or an
 * uncounted (weak) link to the next one. A node is freed when its count reaches 0, and then
 * releases what its strong link held; the cascade is a loop, never recursion, so a million-node
 * chain cannot overflow the C stack. */
typedef struct memlab_rc_node memlab_rc_node;
#define MEMLAB_RING_STRONG 0      /* every link counted: the cycle keeps itself alive */
#define MEMLAB_RING_WEAK_BACK 1   /* the last node's link back to the first is uncounted */
/* n nodes of payload_bytes each, linked in a ring; returns the first, holding one external reference. */
MEMLAB_API memlab_rc_node *memlab_rc_ring(int64_t n, int64_t payload_bytes, int mode);
MEMLAB_API void memlab_rc_retain(memlab_rc_node *node);
MEMLAB_API void memlab_rc_release(memlab_rc_node *node);
/* Clears node's link to the next node (releasing it if the link was strong): breaks a cycle. */
MEMLAB_API void memlab_rc_unlink(memlab_rc_node *node);
MEMLAB_API int64_t memlab_rc_count(const memlab_rc_node *node);

/* ---- Lab 03: layout ----------------------------------------------------------------------
 * Real addresses of each kind of memory. Everything captured stays alive (the blocks allocated,
 * the other thread parked) until memlab_layout_release, so the addresses can be checked against
 * the process's memory map while they still mean something. */
typedef struct memlab_layout {
    uint64_t text;         /* a function of this library */
    uint64_t data;         /* an initialized global */
    uint64_t bss;          /* an uninitialized (zero) global */
    uint64_t heap_small;   /* malloc(64) */
    uint64_t heap_large;   /* malloc(4 MiB): above malloc's mmap threshold */
    uint64_t stack;        /* a local variable of the calling thread */
    uint64_t thread_stack; /* a local variable of another thread */
    uint64_t mmap_anon;    /* an anonymous mapping */
} memlab_layout;
/* 0 on success; fails (-1) if a capture is already held. */
MEMLAB_API int memlab_layout_capture(memlab_layout *out);
MEMLAB_API void memlab_layout_release(void);

/* ---- Lab 04: stack vs heap -------------------------------------------------------------
 * The same work (fill and sum a 1 KiB buffer) with the buffer on the stack or from malloc, called
 * `calls` times in a C loop and timed in C with a monotonic clock: one downcall, no FFM cost in it. */
MEMLAB_API int64_t memlab_stack_loop_ns(int64_t calls, int64_t *checksum_out);
MEMLAB_API int64_t memlab_heap_loop_ns(int64_t calls, int64_t *checksum_out);

/* ---- Lab 05: leak ------------------------------------------------------------------------ */
/* One "transaction chunk": memlab_malloc(bytes), written when write_pages != 0. The caller
 * decides whether anyone ever frees it; that decision is the lab. */
MEMLAB_API void *memlab_leak_chunk(size_t bytes, int write_pages);

/* ---- Lab 06: virtual memory --------------------------------------------------------------
 * Address space reserved without memory behind it, then committed and touched page by page. */
/* Reserves bytes of address space, inaccessible and unbacked (mmap PROT_NONE / MEM_RESERVE). */
MEMLAB_API void *memlab_vm_reserve(size_t bytes);
/* Makes [block, block+bytes) readable and writable; still no page is backed until touched. */
MEMLAB_API int memlab_vm_commit(void *block, size_t bytes);
MEMLAB_API int memlab_vm_release(void *block, size_t bytes);
/* Reads `reads` bytes at pseudo-random pages of the block (a fixed seed); returns their sum. */
MEMLAB_API int64_t memlab_vm_random_reads(const void *block, size_t bytes, int64_t reads);

/* ---- Lab 07: stack overflow ---------------------------------------------------------------
 * Recursion with a 256-byte array in every frame. The depth reached is stored through
 * `depth_out` at every call, so memory the caller shares (a mapped file) keeps the deepest depth
 * even when the process dies of the overflow. */
/* Recurses until depth == target (or the stack runs out); returns a checksum of the frames. */
MEMLAB_API int64_t memlab_recurse(int64_t target, volatile int64_t *depth_out);
/* The fix by a bound: refuses (returns -1) instead of recursing past max_depth. */
MEMLAB_API int64_t memlab_recurse_bounded(int64_t target, int64_t max_depth, volatile int64_t *depth_out);
/* The fix by rewriting: the same checksum in a loop, one frame whatever the target. */
MEMLAB_API int64_t memlab_iterate(int64_t target);

/* ---- Lab 08: arena ----------------------------------------------------------------------- */
/* Sums bytes of a buffer that Java owns (an arena segment): C reads memory it did not allocate. */
MEMLAB_API uint64_t memlab_arena_checksum(const void *block, size_t bytes);

/* ---- Lab 12: retention --------------------------------------------------------------------
 * Many small blocks from the tracked allocator, written, then freed: what the application holds
 * (tracked live bytes) drops to zero, what the C allocator keeps from the OS may not. */
typedef struct memlab_blocks memlab_blocks;
/* count blocks of block_bytes, each written; NULL when any malloc fails (nothing is kept then). */
MEMLAB_API memlab_blocks *memlab_blocks_alloc(int64_t count, int64_t block_bytes);
/* Frees every block except every keep_every-th (0 or 1: free them all); returns the blocks kept. */
MEMLAB_API int64_t memlab_blocks_free(memlab_blocks *blocks, int64_t keep_every);
/* Frees what is left and the handle itself. */
MEMLAB_API void memlab_blocks_release(memlab_blocks *blocks);
/* Asks the C allocator to return free memory to the OS: 1 released some, 0 none,
 * MEMLAB_UNSUPPORTED where the allocator has no such call (glibc has malloc_trim). */
MEMLAB_API int memlab_allocator_trim(void);
/* Bytes the C allocator holds from the OS, in use or free (glibc: mallinfo2 arena + hblkhd);
 * MEMLAB_UNSUPPORTED where it does not say. */
MEMLAB_API int64_t memlab_allocator_held_bytes(void);

/* ---- Benchmarks (benchmarks/, JMH) --------------------------------------------------------
 * Calls that do almost nothing, to measure a binding's downcall cost; the *_loop forms make
 * `calls` of the same calls from C, the floor for comparison. */
MEMLAB_API void memlab_bench_noop(void);
MEMLAB_API int32_t memlab_bench_add(int32_t a, int32_t b);
MEMLAB_API int32_t memlab_bench_buffer(const uint8_t *bytes, size_t length);
MEMLAB_API void memlab_bench_noop_loop(int64_t calls);
MEMLAB_API int32_t memlab_bench_add_loop(int64_t calls);
MEMLAB_API int32_t memlab_bench_buffer_loop(const uint8_t *bytes, size_t length, int64_t calls);
/* `calls` malloc/free pairs of `bytes`, from C: libc's own, then memlab's tracked ones. */
MEMLAB_API void memlab_bench_malloc_loop(int64_t calls, int64_t bytes);
MEMLAB_API void memlab_bench_tracked_loop(int64_t calls, int64_t bytes);

/* ---- Crash isolation self-test ------------------------------------------------------------ */
/* Writes through a null pointer. Only ever called in a child process (memlab.isolate). */
MEMLAB_API void memlab_crash_null_write(void);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_H */
