/* Lab 02 in C: a counted ring leaks every node; a weak back link or a broken cycle frees them all. */
#include "check.h"
#include "lab02_cycles.h"

#define NODES 1000000

static int64_t live_blocks(void) {
    memlab_alloc_stats s;
    memlab_alloc_stats_get(&s);
    return s.live_blocks;
}

int main(void) {
    int64_t before = live_blocks();

    memlab_rc_node *ring = memlab_rc_ring(NODES, 16, MEMLAB_RING_STRONG);
    CHECK_EQ_I64(2, memlab_rc_count(ring)); /* the caller and the last node */
    memlab_rc_release(ring);                /* the caller lets go */
    CHECK_EQ_I64(NODES, live_blocks() - before); /* the cycle keeps all of them */

    memlab_rc_node *weak = memlab_rc_ring(NODES, 16, MEMLAB_RING_WEAK_BACK);
    CHECK_EQ_I64(1, memlab_rc_count(weak));
    memlab_rc_release(weak); /* a million frees in a loop, no recursion */
    CHECK_EQ_I64(NODES, live_blocks() - before);

    memlab_rc_node *broken = memlab_rc_ring(NODES, 16, MEMLAB_RING_STRONG);
    memlab_rc_unlink(broken); /* frees every node but the first, whose count drops to 1 */
    CHECK_EQ_I64(1, memlab_rc_count(broken));
    memlab_rc_release(broken);
    CHECK_EQ_I64(NODES, live_blocks() - before); /* only the first, leaked ring is left */

    /* the fix, late: take a reference again, break the cycle, let go: nothing leaks at exit */
    memlab_rc_retain(ring);
    memlab_rc_unlink(ring);
    memlab_rc_release(ring);
    CHECK_EQ_I64(0, live_blocks() - before);
    return TEST_EXIT();
}
