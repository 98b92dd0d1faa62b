/*
 * Lab 05 — leak. The seed's C example, made measurable:
 *
 *     int *data = malloc(1000000);  // ... FORGOT to free(data)!
 *
 * A chunk comes from the tracked allocator, so the lab can read the exact live bytes; whether
 * it is written decides whether it costs resident memory. A fresh large malloc is backed by
 * untouched zero pages: the leak is real in the allocator's books, invisible in RSS until
 * someone writes to it.
 */
#include "lab05_leak.h"

#include <string.h>

MEMLAB_API void *memlab_leak_chunk(size_t bytes, int write_pages) {
    unsigned char *chunk = memlab_malloc(bytes);
    if (chunk != NULL && write_pages) {
        memset(chunk, 0xA5, bytes); /* "transaction data": every page now resident */
    }
    return chunk;
}
