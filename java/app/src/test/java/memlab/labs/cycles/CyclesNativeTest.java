package memlab.labs.cycles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 02's binding pair: FFM and JNR calls of memlab_rc_* do the same to the same library. */
class CyclesNativeTest {

    private static final List<Binding> BOTH = List.of(Binding.FFM, Binding.JNR);
    private static final int NODES = 1000;

    @Test
    void unlinkingTheStrongRingFreesEveryNode() {
        onBothBindings((binding, memory, rc) -> {
            AllocStats before = memory.allocStats();
            long ring = rc.rcRing(NODES, 8, CyclesNative.RING_STRONG);
            assertNotEquals(0, ring, binding.id());
            assertEquals(NODES, memory.allocStats().minus(before).liveBlocks(), binding.id());
            assertEquals(2, rc.rcCount(ring), binding.id());
            rc.rcUnlink(ring);
            assertEquals(1, rc.rcCount(ring), binding.id());
            rc.rcRelease(ring);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        });
    }

    @Test
    void releasingTheStrongRingLeaksItWhole() {
        onBothBindings((binding, memory, rc) -> {
            AllocStats before = memory.allocStats();
            long ring = rc.rcRing(NODES, 8, CyclesNative.RING_STRONG);
            rc.rcRelease(ring); // the caller's reference goes; the last node's remains
            AllocStats leaked = memory.allocStats().minus(before);
            assertEquals(NODES, leaked.liveBlocks(), binding.id());
            assertEquals(0, leaked.totalFrees(), binding.id());
            assertEquals(1, rc.rcCount(ring), binding.id()); // still allocated: only the ring holds it
            rc.rcUnlink(ring); // the test still knows the address: break the ring so it frees itself
        });
    }

    @Test
    void aWeakBackLinkLetsTheLastReleaseFreeTheRing() {
        onBothBindings((binding, memory, rc) -> {
            long ring = rc.rcRing(NODES, 8, CyclesNative.RING_WEAK_BACK);
            assertEquals(1, rc.rcCount(ring), binding.id());
            rc.rcRelease(ring);
        });
    }

    /** One ring's life through one binding; it must end with every node freed. */
    private interface RingScenario {
        void run(Binding binding, NativeMemory memory, CyclesNative rc);
    }

    /**
     * Runs {@code scenario} through FFM, then JNR: each leaves the tracked allocator's live blocks
     * where they were, and both move it by the same nodes and bytes ({@link #assertMovedAlike}).
     */
    private static void onBothBindings(RingScenario scenario) {
        List<AllocStats> moved = new ArrayList<>();
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            AllocStats before = memory.allocStats();
            scenario.run(binding, memory, CyclesNative.of(binding));
            moved.add(memory.allocStats().minus(before));
            assertEquals(before.liveBlocks(), memory.allocStats().liveBlocks(), binding.id());
        }
        assertMovedAlike(moved);
    }

    @Test
    void anImpossibleRingIsNullNotACrash() {
        for (Binding binding : BOTH) {
            CyclesNative rc = CyclesNative.of(binding);
            assertEquals(0, rc.rcRing(0, 8, CyclesNative.RING_STRONG), binding.id());
            assertEquals(0, rc.rcRing(10, -1, CyclesNative.RING_STRONG), binding.id());
        }
    }

    /** Both bindings moved the tracked allocator by the same nodes and bytes, every node freed. */
    private static void assertMovedAlike(List<AllocStats> moved) {
        AllocStats ffm = moved.get(0);
        AllocStats jnr = moved.get(1);
        assertEquals(ffm.liveBytes(), jnr.liveBytes());
        assertEquals(ffm.totalAllocatedBytes(), jnr.totalAllocatedBytes());
        assertEquals(NODES, ffm.totalAllocations());
        assertEquals(NODES, jnr.totalAllocations());
        assertEquals(NODES, ffm.totalFrees());
        assertEquals(NODES, jnr.totalFrees());
        assertEquals(0, ffm.totalAllocatedBytes() % NODES, "every node the same size");
    }
}
