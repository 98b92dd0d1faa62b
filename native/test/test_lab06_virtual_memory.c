/* Lab 06 in C: reserving adds address space, not memory; touching adds a page per fault. */
#include "check.h"
#include "lab06_virtual_memory.h"

#define MIB (1024 * 1024)

int main(void) {
    size_t bytes = 256 * MIB;
    memlab_process_stats start = process_sample();
    unsigned char *block = memlab_vm_reserve(bytes);
    CHECK(block != NULL);
    memlab_process_stats reserved = process_sample();
#if defined(__linux__) || defined(__APPLE__)
    CHECK(reserved.virtual_bytes - start.virtual_bytes >= (int64_t)bytes);
#endif
    /* everywhere: a reservation is not resident */
    CHECK(!measuring_real_pages() || reserved.resident_bytes - start.resident_bytes < MIB);
    CHECK_EQ_I64(0, memlab_vm_commit(block, bytes / 4));
    memlab_process_stats committed = process_sample();
    memlab_touch_pages(block, bytes / 4);
    memlab_process_stats touched = process_sample();
#if defined(__linux__)
    int64_t pages = (int64_t)(bytes / 4) / memlab_page_size();
    int64_t faults = touched.minor_faults - committed.minor_faults;
    /* huge pages off: one fault per page */
    CHECK(!measuring_real_memory() || (faults >= pages && faults <= pages + pages / 20));
    CHECK(touched.resident_bytes - committed.resident_bytes >= (int64_t)(bytes / 4) * 9 / 10);
#endif
    /* reads of touched pages fault no more */
    memlab_process_stats before_reads = process_sample();
    memlab_vm_random_reads(block, bytes / 4, 10000);
    CHECK(process_sample().minor_faults - before_reads.minor_faults < 100);
    CHECK_EQ_I64(0, memlab_vm_release(block, bytes));
    (void)reserved;
    (void)committed;
    (void)touched;
    return TEST_EXIT();
}
