package memlab.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import memlab.leakcheck.LeakCheck;

/**
 * Runs a JUnit Jupiter test method as a leak check: its body is the iteration. Put it beside
 * {@code @Test}; the method runs warm-up + iterations times on one test instance and fails if
 * memory grows with the runs (see {@link LeakCheck} for how it decides). {@code @BeforeEach} and
 * {@code @AfterEach} run once around the whole check, not around each iteration. On a
 * {@code @ParameterizedTest} or {@code @RepeatedTest} each invocation is a check of its own; on an
 * annotation of your own, every method it marks is a check.
 *
 * <pre>{@code
 * @Test
 * @NoLeak(iterations = 30)
 * void parsingDoesNotLeak() { parser.parse(document); }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LeakCheckExtension.class)
public @interface NoLeak {

    /** Measured runs, each followed by a sample of every witness; at least 5. */
    int iterations() default 30;

    /** Runs before the first sample, while classes load, the JIT compiles and caches fill. */
    int warmUp() default LeakCheck.DEFAULT_WARM_UP;

    /** Heap growth allowed per run, after a full GC (256 B: the JVM's own caches still grow a little). */
    long heapBytesPerIteration() default LeakCheck.DEFAULT_HEAP_BYTES_PER_ITERATION;

    /** Growth allowed per run in memlab's tracked native allocator, which is exact. */
    long nativeBytesPerIteration() default 0;

    /** Growth allowed per run in the process allocator's in-use bytes (2 MiB: the JIT mallocs too). */
    long allocatorBytesPerIteration() default LeakCheck.DEFAULT_ALLOCATOR_BYTES_PER_ITERATION;

    /**
     * Native bytes the test's own thread may leave allocated per run, through any library's malloc
     * (the exact witness, async-profiler's nativemem; 64 B). See {@link LeakCheck#bodyNativeBytesPerIteration}.
     */
    long bodyNativeBytesPerIteration() default LeakCheck.DEFAULT_BODY_NATIVE_BYTES_PER_ITERATION;

    /**
     * Growth allowed per run in what no patched malloc saw: the process allocator's in-use bytes
     * less every thread's hooked mallocs, which is libc's malloc called straight (an FFM downcall from
     * {@code Linker.nativeLinker().defaultLookup()}); 256 B. See {@link LeakCheck#unhookedBytesPerIteration}.
     */
    long unhookedBytesPerIteration() default LeakCheck.DEFAULT_UNHOOKED_BYTES_PER_ITERATION;

    /**
     * Stacks whose allocations the exact native witness does not count: regular expressions, each
     * found anywhere in the stack as a failure prints it, innermost first
     * ({@code "deflateInit2_ <- ... <- com.example.Cache.fill"}). For a one-off cache or a pool the
     * test fills on purpose; see {@link LeakCheck#allowNativeStack}.
     */
    String[] allowedNativeStacks() default {};

    /**
     * Budgets for the exact native witness: what the stacks each one matches may keep allocated in
     * all, for a cache that fills to a known size; beyond it, a leak. See {@link NativeStackBudget}.
     */
    NativeStackBudget[] nativeStackBudgets() default {};

    /**
     * On a native leak, name the stacks that allocated and did not free (async-profiler; checked on
     * Linux); see {@link LeakCheck#attributeNativeLeaks()}. Also on for every check with
     * {@code -Dmemlab.leakcheck.attribute=true}.
     */
    boolean attributeNativeLeaks() default false;
}
