package memlab.labs.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import memlab.lab.Variant;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.nativelib.NativeMemory;

/**
 * What a lab 08 variant allocates, how it lets go, which probe sees it, and who could free it once
 * it is unreachable; {@code heapObjects} is filled in for heap arrays, for JOL to size.
 */
final class Subject {

    /** Every byte allocated is written with this, so C's checksum can prove it read them all. */
    static final byte FILL = 0x5A;

    final String witness;
    final String releaseCall;
    final String collector;
    final LongSupplier measure;
    final Runnable allocate;
    final Runnable release;
    final LongSupplier checksum;
    List<Object> heapObjects = List.of();

    private Subject(String witness, String releaseCall, LongSupplier measure, Runnable allocate, Runnable release,
                    LongSupplier checksum) {
        this(witness, releaseCall, "the GC (Cleaner)", measure, allocate, release, checksum);
    }

    private Subject(String witness, String releaseCall, String collector, LongSupplier measure, Runnable allocate,
                    Runnable release, LongSupplier checksum) {
        this.witness = witness;
        this.releaseCall = releaseCall;
        this.collector = collector;
        this.measure = measure;
        this.allocate = allocate;
        this.release = release;
        this.checksum = checksum;
    }

    /** Heap objects JOL should size, while they are held. */
    private Subject holding(List<Object> objects) {
        this.heapObjects = objects;
        return this;
    }

    /** {@code count} blocks of {@code size} bytes, the variant's way. */
    static Subject of(Variant variant, long size, int count) {
        LongSupplier allocator = NativeProbe::allocatorInUseBytes;
        LongSupplier tracked = NativeProbe::trackedLiveBytes;
        LongSupplier direct = NativeProbe::directBufferBytes;
        LongSupplier heap = () -> HeapProbe.now().usedBytes();
        List<Object> held = new ArrayList<>();
        long[] addresses = new long[count];
        return switch (variant.kind()) {
            case "confined_arena", "shared_arena" -> {
                Arena arena = variant.kind().equals("confined_arena") ? Arena.ofConfined() : Arena.ofShared();
                ArenaNative c = ArenaNative.of(variant.side().binding());
                yield new Subject("process allocator", "close()", allocator,
                        () -> allocateSegments(arena, size, count, held), arena::close,
                        () -> checksum(c, held));
            }
            case "auto_arena" -> {
                ArenaNative c = ArenaNative.of(variant.side().binding());
                yield new Subject("process allocator", "dropping the last reference", allocator,
                        () -> allocateSegments(Arena.ofAuto(), size, count, held), held::clear,
                        () -> checksum(c, held));
            }
            case "global_arena" -> {
                ArenaNative c = ArenaNative.of(variant.side().binding());
                yield new Subject("process allocator", "nothing (global has no close)",
                        allocator, () -> allocateSegments(Arena.global(), size, count, held), held::clear,
                        () -> checksum(c, held));
            }
            case "malloc_free" -> {
                NativeMemory memory = variant.side().memory();
                ArenaNative c = ArenaNative.of(variant.side().binding());
                yield new Subject("tracked allocator", "free()", tracked, () -> {
                    for (int i = 0; i < count; i++) {
                        addresses[i] = memory.malloc(size);
                        MemorySegment.ofAddress(addresses[i]).reinterpret(size).fill(FILL);
                    }
                }, () -> Arrays.stream(addresses).forEach(memory::free), () -> {
                    long sum = 0;
                    for (long address : addresses) {
                        sum += c.checksum(address, size);
                    }
                    return sum;
                });
            }
            case "memory_allocate_direct" -> {
                ArenaNative jnr = ArenaNative.of(variant.side().binding());
                yield new Subject("process allocator", "dropping the last reference", allocator, () -> {
                    for (int i = 0; i < count; i++) {
                        ArenaNative.Owned memory = jnr.allocateOwned(size);
                        MemorySegment.ofAddress(memory.address()).reinterpret(size).fill(FILL);
                        held.add(memory.owner());
                    }
                }, held::clear, null);
            }
            case "direct_byte_buffer" -> new Subject("direct buffer pool", "dropping the last reference", direct, () -> {
                for (int i = 0; i < count; i++) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(size));
                    MemorySegment.ofBuffer(buffer).fill(FILL);
                    held.add(buffer);
                }
            }, held::clear, null);
            case "byte_array" -> new Subject("heap used", "dropping the last reference", "the GC", heap, () -> {
                for (int i = 0; i < count; i++) {
                    byte[] array = new byte[Math.toIntExact(size)];
                    Arrays.fill(array, FILL);
                    held.add(array);
                }
            }, held::clear, null).holding(held);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }

    private static void allocateSegments(Arena arena, long size, int count, List<Object> held) {
        for (int i = 0; i < count; i++) {
            MemorySegment segment = arena.allocate(size);
            segment.fill(FILL);
            held.add(segment);
        }
    }

    /** C sums every segment; FFM passes each segment itself to the downcall. */
    private static long checksum(ArenaNative c, List<Object> segments) {
        long sum = 0;
        for (Object segment : segments) {
            sum += c.checksum((MemorySegment) segment);
        }
        return sum;
    }
}
