/*
 * Lab 14 (throwaway): the C functions this lab alone calls, bound by its Java package
 * (memlab.labs.<id>). The API every lab shares (tracked allocator, process statistics) is memlab.h.
 */
#ifndef MEMLAB_LAB14_THROWAWAY_H
#define MEMLAB_LAB14_THROWAWAY_H

#include "memlab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A tracked block of `bytes`, every byte set to `value`; NULL when malloc fails. */
MEMLAB_API void *memlab_throwaway_filled(size_t bytes, int value);

#ifdef __cplusplus
}
#endif
#endif /* MEMLAB_LAB14_THROWAWAY_H */
