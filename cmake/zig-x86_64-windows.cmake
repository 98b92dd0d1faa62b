# 64-bit Windows, built here with zig (see zig.cmake) against the Universal C Runtime that ships
# with Windows 10 and later (api-ms-win-crt-*), as MSVC builds do: its malloc allocates from the
# process heap, which is what memlab_process_stats_get reads on Windows (HeapSummary). C tests run
# under wine, which has the UCRT built in.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MEMLAB_ZIG_TARGET x86_64-windows-gnu)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
set(CMAKE_CROSSCOMPILING_EMULATOR wine)
# stripped: otherwise zig's linker writes memlab.pdb beside the DLL, and so into the jar
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-s")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-s")
# wine makes its prefix on first use, and two tests that start at once race for it (one failed with
# "chdir to /tmp/wine-.../server-...: No such file"): made once, before the tests, and waited for
set(MEMLAB_EMULATOR_SETUP sh -c "wine wineboot --init && wineserver -w")
