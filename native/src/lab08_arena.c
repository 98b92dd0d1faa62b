/*
 * Lab 08 — arena. C reading memory it does not own: Java allocates a segment in an Arena and
 * hands its address to C. C must not free it, and must not keep the pointer past the arena's
 * close; on the Java side the arena enforces both, here nothing does.
 */
#include "lab08_arena.h"

MEMLAB_API uint64_t memlab_arena_checksum(const void *block, size_t bytes) {
    const unsigned char *bytes_of = block;
    uint64_t sum = 0;
    for (size_t i = 0; i < bytes; i++) {
        sum += bytes_of[i];
    }
    return sum;
}
