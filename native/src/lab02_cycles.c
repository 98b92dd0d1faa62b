/*
 * Lab 02 — cycles. CPython frees an object the moment its reference count reaches 0, so a cycle
 * (a -> b -> a) never gets there by itself: that is why Python adds a cycle detector, and why the
 * seed saw 1,000,000 objects survive with gc.disable(). Here the same ring in C, counted the same
 * way, with nothing to detect cycles: it leaks until a link is uncounted (weak) or broken.
 */
#include "lab02_cycles.h"

struct memlab_rc_node {
    int64_t count;
    memlab_rc_node *next;
    int next_is_strong;
    /* payload_bytes follow */
};

static memlab_rc_node *node_new(int64_t payload_bytes) {
    memlab_rc_node *node = memlab_calloc(1, sizeof *node + (size_t)payload_bytes);
    if (node != NULL) {
        node->count = 1;
    }
    return node;
}

MEMLAB_API void memlab_rc_retain(memlab_rc_node *node) {
    if (node != NULL) {
        node->count++;
    }
}

MEMLAB_API void memlab_rc_release(memlab_rc_node *node) {
    /* A loop, not recursion: freeing a node releases its successor, which may free it in turn. */
    while (node != NULL && --node->count == 0) {
        memlab_rc_node *next = node->next_is_strong ? node->next : NULL;
        memlab_free(node);
        node = next;
    }
}

MEMLAB_API void memlab_rc_unlink(memlab_rc_node *node) {
    memlab_rc_node *next = node->next;
    int strong = node->next_is_strong;
    node->next = NULL;
    node->next_is_strong = 0;
    if (strong) {
        memlab_rc_release(next);
    }
}

MEMLAB_API int64_t memlab_rc_count(const memlab_rc_node *node) {
    return node->count;
}

MEMLAB_API memlab_rc_node *memlab_rc_ring(int64_t n, int64_t payload_bytes, int mode) {
    if (n <= 0 || payload_bytes < 0) {
        return NULL;
    }
    memlab_rc_node *first = node_new(payload_bytes);
    if (first == NULL) {
        return NULL;
    }
    memlab_rc_node *last = first;
    for (int64_t i = 1; i < n; i++) {
        memlab_rc_node *node = node_new(payload_bytes);
        if (node == NULL) {
            memlab_rc_release(first); /* the chain so far is not yet a cycle: this frees it all */
            return NULL;
        }
        last->next = node; /* the predecessor now holds the node's only reference */
        last->next_is_strong = 1;
        last = node;
    }
    /* Close the ring. Strong: first is held by last as well as by the caller (count 2). */
    last->next = first;
    last->next_is_strong = (mode == MEMLAB_RING_STRONG);
    if (last->next_is_strong) {
        memlab_rc_retain(first);
    }
    return first;
}
