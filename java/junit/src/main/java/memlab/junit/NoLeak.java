package memlab.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import memlab.leakcheck.LeakCheck;

/**
 * Runs a JUnit 5 test method as a leak check: its body is the iteration. Put it beside
 * {@code @Test}; the method runs warm-up + iterations times and fails if memory grows with the
 * runs (see {@link LeakCheck} for how it decides). {@code @BeforeEach}/{@code @AfterEach} run once
 * around the whole check, not around each iteration.
 *
 * <pre>{@code
 * @Test
 * @NoLeak(iterations = 30)
 * void parsingDoesNotLeak() { parser.parse(document); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LeakCheckExtension.class)
public @interface NoLeak {

    int iterations() default 30;

    int warmUp() default LeakCheck.DEFAULT_WARM_UP;

    long heapBytesPerIteration() default LeakCheck.DEFAULT_HEAP_BYTES_PER_ITERATION;

    long nativeBytesPerIteration() default 0;

    long allocatorBytesPerIteration() default LeakCheck.DEFAULT_ALLOCATOR_BYTES_PER_ITERATION;

    /**
     * On a native leak, name the stacks that allocated and did not free (async-profiler; checked on
     * Linux); see {@link LeakCheck#attributeNativeLeaks()}. Also on for every check with
     * {@code -Dmemlab.leakcheck.attribute=true}.
     */
    boolean attributeNativeLeaks() default false;
}
