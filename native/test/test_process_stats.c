/* Process statistics move the way the OS says they must when pages are allocated and written. */
#include "check.h"
#include "memlab.h"

#include <stdlib.h>

#define MIB (1024 * 1024)

int main(void) {
    int64_t page = memlab_page_size();
    CHECK(page >= 4096 && (page & (page - 1)) == 0);

    memlab_process_stats start = process_sample();
    CHECK(start.resident_bytes > 0 || start.resident_bytes == MEMLAB_UNSUPPORTED);
    CHECK(start.virtual_bytes >= start.resident_bytes);

    size_t bytes = 64 * MIB;
    unsigned char *block = malloc(bytes);
    CHECK(block != NULL);
    memlab_process_stats allocated = process_sample();
    memlab_touch_pages(block, bytes);
    memlab_process_stats touched = process_sample();

    /* Written pages are resident on every OS (Windows: in the working set). */
    CHECK(touched.resident_bytes - allocated.resident_bytes >= (int64_t)bytes * 9 / 10);
#if defined(__linux__) || defined(__APPLE__)
    /* Untouched: reserved, not resident. Touched: every page resident, one fault per page. */
    CHECK(!measuring_real_memory() || allocated.virtual_bytes - start.virtual_bytes >= (int64_t)bytes);
    CHECK(allocated.resident_bytes - start.resident_bytes < (int64_t)bytes / 4);
    int64_t pages = (int64_t)bytes / page;
    int64_t faults = touched.minor_faults - allocated.minor_faults;
    /* Transparent huge pages may serve 2 MiB per fault, hence the lower bound of 1/512. */
    CHECK(!measuring_real_memory() || (faults >= pages / 512 && faults <= pages + 64));
#endif
#if defined(__GLIBC__) || defined(__APPLE__)
    CHECK(!measuring_real_memory()
          || allocated.allocator_in_use_bytes - start.allocator_in_use_bytes >= (int64_t)bytes);
#endif
    free(block);
    memlab_process_stats freed = process_sample();
#if defined(__GLIBC__) || defined(__APPLE__)
    CHECK(!measuring_real_memory()
          || allocated.allocator_in_use_bytes - freed.allocator_in_use_bytes >= (int64_t)bytes);
#endif
    (void)freed;
    return TEST_EXIT();
}
