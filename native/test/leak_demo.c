/*
 * Leaks on purpose, the way labs 05 and 02 do, and prints what memlab's tracked allocator says
 * is live, so that a leak checker's count can be compared with memlab's:
 *
 *   memlab_leak_demo chunks COUNT BYTES   COUNT chunks of BYTES, written, never freed (lab 05)
 *   memlab_leak_demo ring NODES PAYLOAD   a reference-counted ring released from outside (lab 02)
 *
 * Output, one line: "live_bytes=N live_blocks=N overhead_bytes_per_block=N". valgrind sees each
 * block as its requested size plus memlab's header (overhead_bytes_per_block).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab02_cycles.h"
#include "lab05_leak.h"

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s chunks COUNT BYTES | ring NODES PAYLOAD\n", argv[0]);
        return 2;
    }
    int64_t count = strtoll(argv[2], NULL, 10);
    int64_t bytes = strtoll(argv[3], NULL, 10);
    if (count <= 0 || bytes < 0) {
        fprintf(stderr, "COUNT must be positive and BYTES not negative\n");
        return 2;
    }
    memlab_alloc_stats before;
    memlab_alloc_stats_get(&before);
    if (strcmp(argv[1], "chunks") == 0) {
        for (int64_t i = 0; i < count; i++) {
            if (memlab_leak_chunk((size_t)bytes, 1) == NULL) { /* leaks: the address is dropped */
                return 1;
            }
        }
    } else if (strcmp(argv[1], "ring") == 0) {
        memlab_rc_node *ring = memlab_rc_ring(count, bytes, MEMLAB_RING_STRONG);
        if (ring == NULL) {
            return 1;
        }
        memlab_rc_release(ring); /* the outside reference goes; the cycle keeps every node alive */
    } else {
        fprintf(stderr, "unknown mode %s: chunks or ring\n", argv[1]);
        return 2;
    }
    memlab_alloc_stats after;
    memlab_alloc_stats_get(&after);
    printf("live_bytes=%" PRId64 " live_blocks=%" PRId64 " overhead_bytes_per_block=%zu\n",
           after.live_bytes - before.live_bytes, after.live_blocks - before.live_blocks,
           memlab_alloc_overhead_bytes());
    return 0;
}
