# Linux with musl libc (Alpine), built with zig (see zig.cmake); included by zig-<arch>-linux-musl.cmake,
# which set the CPU and MEMLAB_ZIG_TARGET. The library needs musl's libc.so; the C tests link its
# code statically, so they run on a glibc machine with no musl loader installed.
set(CMAKE_SYSTEM_NAME Linux)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
set(MEMLAB_LIBC musl CACHE STRING "" FORCE)
set(MEMLAB_STATIC_TESTS ON CACHE BOOL "" FORCE)
