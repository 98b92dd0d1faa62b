# Cross-compiles memlab for 64-bit Arm Linux with Debian's gcc-aarch64-linux-gnu and runs its C
# tests under qemu-aarch64 (user-mode emulation; the arm64 glibc from libc6-arm64-cross):
#   cmake -S . -B build-linux-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#   cmake --build build-linux-arm64 && (cd build-linux-arm64 && ctest)
# .ci/cross-toolchains installs the packages.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# ctest starts each test through qemu, which finds the arm64 dynamic loader and libc here
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
# Under qemu the resident set and page faults are the emulator's: reserving 256 MiB of address
# space grows qemu's resident set by 1.6 MiB of its own page bookkeeping (64 KiB natively). The
# tests then skip what only the real page tables can show (native/test/check.h).
set(MEMLAB_TEST_ENVIRONMENT "MEMLAB_EMULATED=qemu-aarch64")
