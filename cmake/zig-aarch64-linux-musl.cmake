# 64-bit Arm Linux with musl libc (Alpine on arm64); the C tests, static, run under qemu-aarch64,
# which needs no arm64 root for them.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(MEMLAB_ZIG_TARGET aarch64-linux-musl)
include(${CMAKE_CURRENT_LIST_DIR}/zig-linux-musl.cmake)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
# as for glibc's arm64 build: resident sizes and page faults under qemu are the emulator's
set(MEMLAB_TEST_ENVIRONMENT "MEMLAB_EMULATED=qemu-aarch64")
