/*
 * Lab 14 — throwaway: the smallest lab with C code, added to show which files a new lab touches
 * (ADDING_A_LAB.md), then removed.
 */
#include "lab14_throwaway.h"

#include <string.h>

MEMLAB_API void *memlab_throwaway_filled(size_t bytes, int value) {
    void *block = memlab_malloc(bytes);
    if (block != NULL) {
        memset(block, value, bytes);
    }
    return block;
}
