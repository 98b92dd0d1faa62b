package memlab.junit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import memlab.leakcheck.LeakCheck;

/**
 * What the stacks a pattern matches may keep allocated, together, without failing
 * {@link NoLeak}'s exact native witness: a cache or a pool the test fills to a known size. See
 * {@link LeakCheck#nativeStackBudget(String, long)}.
 *
 * <pre>{@code
 * @Test
 * @NoLeak(nativeStackBudgets = @NativeStackBudget(stack = "Codec\\.warmTables", bytes = 64 << 10))
 * void decodes() { codec.decode(frame); }
 * }</pre>
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface NativeStackBudget {

    /** A regular expression, found anywhere in a stack as a failure prints it, innermost first. */
    String stack();

    /** Bytes those stacks may keep, in all. */
    long bytes();
}
