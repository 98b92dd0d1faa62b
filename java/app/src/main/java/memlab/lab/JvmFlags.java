package memlab.lab;

import java.util.List;
import java.util.stream.Stream;

/** JVM flags a lab asks for in its child JVMs, beyond the ones every child gets. */
public final class JvmFlags {

    /**
     * A heap that neither grows nor shrinks, its pages resident from the start: in a child started
     * with these, RSS moves only with native memory, not with the collector's sizing decisions.
     */
    public static final List<String> STABLE_HEAP = List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch");

    /**
     * The interpreter only. The JIT's compiler threads malloc and free megabytes of arenas at their
     * own pace, which the process allocator and RSS see as noise of ±0.2 to 10 MiB; interpreted,
     * the same child's allocator moves by a few hundred bytes run to run. For variants whose witness
     * is the process allocator or RSS and whose Java code is a thin loop around C.
     */
    public static final String NO_JIT = "-Xint";

    /** {@link #STABLE_HEAP} and {@link #NO_JIT}: RSS and malloc move only with the lab. */
    public static final List<String> QUIET_NATIVE = Stream.concat(STABLE_HEAP.stream(), Stream.of(NO_JIT)).toList();

    private JvmFlags() {
    }
}
