/*
 * Library identity and the crash self-test used by memlab.isolate's tests.
 */
#include "memlab.h"

MEMLAB_API const char *memlab_version(void) {
    return "memlab-native 0.1.0";
}

MEMLAB_API void memlab_crash_null_write(void) {
    volatile int *nowhere = NULL;
    *nowhere = 42; /* deliberate: the child process dies by a signal, its parent reports it */
}
