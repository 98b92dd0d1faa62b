# 64-bit Arm Linux with musl libc (Alpine on arm64), built here with zig (see zig.cmake). The C
# tests are linked statically and run under qemu-aarch64, which needs no arm64 root for them.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(MEMLAB_ZIG_TARGET aarch64-linux-musl)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
set(MEMLAB_LIBC musl CACHE STRING "" FORCE)
set(MEMLAB_STATIC_TESTS ON CACHE BOOL "" FORCE)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
# as for glibc's arm64 build: resident sizes and page faults under qemu are the emulator's
set(MEMLAB_TEST_ENVIRONMENT "MEMLAB_EMULATED=qemu-aarch64")
