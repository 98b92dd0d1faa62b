package memlab.nativelib;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The C structs of memlab.h, described once. FFM reads them through these layouts; JNR reads
 * the same fields at the offsets these layouts compute, so the two bindings cannot disagree
 * about where a field is.
 */
public final class CTypes {

    /** struct memlab_alloc_stats: six int64_t, in declaration order. */
    public static final StructLayout ALLOC_STATS = int64Struct("memlab_alloc_stats",
            "live_bytes", "live_blocks", "peak_live_bytes",
            "total_allocated_bytes", "total_allocations", "total_frees");

    /** struct memlab_process_stats: five int64_t, in declaration order. */
    public static final StructLayout PROCESS_STATS = int64Struct("memlab_process_stats",
            "resident_bytes", "virtual_bytes", "minor_faults", "major_faults", "allocator_in_use_bytes");

    /** size_t as this platform's C ABI defines it; memlab supports 64-bit platforms only. */
    public static final ValueLayout.OfLong SIZE_T = sizeT();

    private CTypes() {
    }

    /** Every int64 field of a struct by name, in declaration order, from values read in that order. */
    public static java.util.Map<String, Long> byName(StructLayout struct, long[] values) {
        java.util.Map<String, Long> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(struct.memberLayouts().get(i).name().orElseThrow(), values[i]);
        }
        return map;
    }

    private static ValueLayout.OfLong sizeT() {
        MemoryLayout layout = Linker.nativeLinker().canonicalLayouts().get("size_t");
        if (!(layout instanceof ValueLayout.OfLong sizeT)) {
            throw new NativeLibraryException("size_t is " + layout.byteSize() * 8 + "-bit on this platform;"
                    + " memlab supports 64-bit platforms only");
        }
        return sizeT;
    }

    public static long offsetOf(StructLayout struct, String field) {
        return struct.byteOffset(groupElement(field));
    }

    /** Reads every int64 field of a struct, in declaration order, through any byte reader. */
    public static long[] readInt64Fields(StructLayout struct, java.util.function.LongUnaryOperator readLongAtOffset) {
        return struct.memberLayouts().stream()
                .mapToLong(member -> readLongAtOffset.applyAsLong(offsetOf(struct, member.name().orElseThrow())))
                .toArray();
    }

    /** A struct of int64 fields, named in declaration order (C's layout: no padding between them). */
    public static StructLayout int64Struct(String name, String... fields) {
        MemoryLayout[] members = new MemoryLayout[fields.length];
        for (int i = 0; i < fields.length; i++) {
            members[i] = ValueLayout.JAVA_LONG.withName(fields[i]);
        }
        return MemoryLayout.structLayout(members).withName(name);
    }
}
