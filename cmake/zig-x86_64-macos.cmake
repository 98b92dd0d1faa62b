# macOS on Intel, built here with zig (see zig.cmake). Minimum macOS 11.0, the same as arm64, so
# one statement of the oldest supported macOS holds for both: written into LC_BUILD_VERSION (minos).
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MEMLAB_ZIG_TARGET x86_64-macos.11.0)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
