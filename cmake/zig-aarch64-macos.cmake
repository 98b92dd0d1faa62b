# macOS on Apple silicon, built here with zig (see zig.cmake). 11.0 is the first macOS for arm64,
# and the oldest memlab claims: it is written into the library's LC_BUILD_VERSION (minos).
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_PROCESSOR arm64)
set(MEMLAB_ZIG_TARGET aarch64-macos.11.0)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
