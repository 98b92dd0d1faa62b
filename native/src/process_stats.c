/*
 * Process statistics, one branch per operating system.
 *
 * Resident size is what the OS has backed with physical pages; virtual size is what the
 * process has reserved; page faults count first touches (minor) and reads from disk (major);
 * the allocator's in-use bytes are what the C runtime's malloc has handed out, whoever called
 * it (the JVM, memlab, any other library). A figure without a source on this OS is
 * MEMLAB_UNSUPPORTED, never a guess.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif

#include "memlab.h"

#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#include <psapi.h>
#elif defined(__APPLE__)
#include <mach/mach.h>
#include <malloc/malloc.h>
#include <sys/resource.h>
#include <unistd.h>
#elif defined(__linux__)
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#if defined(_WIN32)
/* wine's ntdll exports wine_get_version; Windows' does not. */
static int running_under_wine(void) {
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}
#endif

static void mark_all_unsupported(memlab_process_stats *out) {
    out->resident_bytes = MEMLAB_UNSUPPORTED;
    out->virtual_bytes = MEMLAB_UNSUPPORTED;
    out->minor_faults = MEMLAB_UNSUPPORTED;
    out->major_faults = MEMLAB_UNSUPPORTED;
    out->allocator_in_use_bytes = MEMLAB_UNSUPPORTED;
}

MEMLAB_API int memlab_allocator_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return MEMLAB_UNSUPPORTED; /* macOS and Windows allocators return memory on their own schedule */
#endif
}

MEMLAB_API int64_t memlab_page_size(void) {
#if defined(_WIN32)
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    return (int64_t)info.dwPageSize;
#else
    return (int64_t)sysconf(_SC_PAGESIZE);
#endif
}

MEMLAB_API void memlab_touch_pages(void *block, size_t bytes) {
    volatile unsigned char *bytes_of = block;
    size_t page = (size_t)memlab_page_size();
    for (size_t offset = 0; offset < bytes; offset += page) {
        bytes_of[offset] = (unsigned char)(offset / page);
    }
    if (bytes > 0) {
        bytes_of[bytes - 1] = 1;
    }
}

#if defined(__linux__)
/* Reads /proc/self/statm with read(2) into a stack buffer: stdio would malloc, and moving the
 * allocator's figure while measuring it would be a poor joke. */
static void read_statm(memlab_process_stats *out) {
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    char text[128];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) {
        return;
    }
    text[n] = '\0';
    char *end;
    long long size_pages = strtoll(text, &end, 10);
    long long resident_pages = strtoll(end, NULL, 10);
    int64_t page = memlab_page_size();
    out->virtual_bytes = (int64_t)size_pages * page;
    out->resident_bytes = (int64_t)resident_pages * page;
}
#endif

MEMLAB_API void memlab_process_stats_get(memlab_process_stats *out) {
    mark_all_unsupported(out);
#if defined(__linux__)
    read_statm(out);
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        out->minor_faults = usage.ru_minflt;
        out->major_faults = usage.ru_majflt;
    }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    /* All arenas: bytes in use from brk/arena chunks plus chunks mmap'd on their own. */
    struct mallinfo2 info = mallinfo2();
    out->allocator_in_use_bytes = (int64_t)(info.uordblks + info.hblkhd);
#endif
#elif defined(__APPLE__)
    mach_task_basic_info_data_t info;
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, (task_info_t)&info, &count) == KERN_SUCCESS) {
        out->resident_bytes = (int64_t)info.resident_size;
        out->virtual_bytes = (int64_t)info.virtual_size;
    }
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        out->minor_faults = usage.ru_minflt;
        out->major_faults = usage.ru_majflt;
    }
    malloc_statistics_t zone_stats;
    malloc_zone_statistics(NULL, &zone_stats); /* NULL: every zone */
    out->allocator_in_use_bytes = (int64_t)zone_stats.size_in_use;
#elif defined(_WIN32)
    PROCESS_MEMORY_COUNTERS_EX counters;
    if (GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters, sizeof counters)) {
        out->resident_bytes = (int64_t)counters.WorkingSetSize;
        out->minor_faults = (int64_t)counters.PageFaultCount; /* Windows does not split faults */
    }
    MEMORYSTATUSEX status;
    status.dwLength = sizeof status;
    if (GlobalMemoryStatusEx(&status)) {
        out->virtual_bytes = (int64_t)(status.ullTotalVirtual - status.ullAvailVirtual);
    }
    /* The UCRT's malloc allocates from the process heap; HeapSummary needs Windows 10. wine
     * exports it as a stub that aborts the process, so under wine the figure is unsupported. */
    if (!running_under_wine()) {
        HEAP_SUMMARY summary;
        memset(&summary, 0, sizeof summary);
        summary.cb = sizeof summary;
        if (HeapSummary(GetProcessHeap(), 0, &summary)) {
            out->allocator_in_use_bytes = (int64_t)summary.cbAllocated;
        }
    }
#endif
}
