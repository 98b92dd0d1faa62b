/*
 * Lab 07 — stack overflow. Every call takes a frame; a frame here holds a 256-byte array, so the
 * stack runs out after stack size / frame size calls. The JVM turns that into a
 * StackOverflowError it can throw and catch; C has no such net: the process dies by a signal.
 * The array is used after the recursive call returns, so the call is not a tail call and no
 * compiler can turn the recursion into a loop.
 */
#include "lab07_stack_overflow.h"

#define FRAME_ARRAY_BYTES 256

#if defined(_MSC_VER)
#define NOINLINE __declspec(noinline)
#else
#define NOINLINE __attribute__((noinline))
#endif

static NOINLINE int64_t frame(int64_t depth, int64_t target, int64_t max_depth, volatile int64_t *depth_out) {
    volatile unsigned char locals[FRAME_ARRAY_BYTES];
    locals[0] = (unsigned char)depth;
    locals[FRAME_ARRAY_BYTES - 1] = (unsigned char)(depth >> 8);
    if (depth_out != NULL) {
        *depth_out = depth; /* survives the crash when depth_out is shared memory */
    }
    if (depth >= target) {
        return depth;
    }
    if (max_depth > 0 && depth >= max_depth) {
        return -1; /* the bound: refuse rather than overflow */
    }
    int64_t deeper = frame(depth + 1, target, max_depth, depth_out);
    if (deeper < 0) {
        return -1;
    }
    return deeper + locals[0] + locals[FRAME_ARRAY_BYTES - 1] - (unsigned char)depth - (unsigned char)(depth >> 8);
}

MEMLAB_API int64_t memlab_recurse(int64_t target, volatile int64_t *depth_out) {
    return frame(1, target, 0, depth_out);
}

MEMLAB_API int64_t memlab_recurse_bounded(int64_t target, int64_t max_depth, volatile int64_t *depth_out) {
    return frame(1, target, max_depth, depth_out);
}

MEMLAB_API int64_t memlab_iterate(int64_t target) {
    /* what frame() computes, without frames: each level adds nothing net, the deepest returns target */
    int64_t result = 0;
    for (int64_t depth = 1; depth <= target; depth++) {
        result = depth;
    }
    return result;
}
