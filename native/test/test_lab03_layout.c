/* Lab 03 in C: every address is captured, distinct, and the capture can be released and retaken. */
#include "check.h"
#include "lab03_layout.h"

int main(void) {
    memlab_layout layout;
    CHECK_EQ_I64(0, memlab_layout_capture(&layout));
    CHECK_EQ_I64(-1, memlab_layout_capture(&layout)); /* one capture at a time */
    uint64_t all[] = {layout.text, layout.data, layout.bss, layout.heap_small, layout.heap_large,
                      layout.stack, layout.thread_stack, layout.mmap_anon};
    int count = (int)(sizeof all / sizeof all[0]);
    for (int i = 0; i < count; i++) {
        CHECK(all[i] != 0);
        for (int j = i + 1; j < count; j++) {
            CHECK(all[i] != all[j]);
        }
    }
    CHECK(layout.thread_stack != layout.stack);
    memlab_layout_release();
    CHECK_EQ_I64(0, memlab_layout_capture(&layout));
    memlab_layout_release();
    return TEST_EXIT();
}
