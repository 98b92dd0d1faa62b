package memlab.leakcheck;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Bytes that the body's thread may keep allocated from the stacks a pattern matches, together, at
 * every sample: a cache or a pool that fills to a known size and stops. What they keep beyond it
 * counts, as any other leak does. As pytest-memray's {@code limit_leaks(location_limit, filter_fn)}.
 *
 * @param stack regular expression, found anywhere in a stack as a failure prints it, innermost first
 * @param bytes what those stacks may keep in all
 */
record StackBudget(Pattern stack, long bytes) {

    /** The first budget whose pattern the frames match, or -1. */
    static int indexOf(List<StackBudget> budgets, List<String> frames) {
        String written = String.join(" <- ", frames);
        for (int i = 0; i < budgets.size(); i++) {
            if (budgets.get(i).stack().matcher(written).find()) {
                return i;
            }
        }
        return -1;
    }

    /** What the budgets cover of what their stacks keep: each up to its bytes. */
    static long covered(List<StackBudget> budgets, long[] live) {
        long covered = 0;
        for (int i = 0; i < budgets.size(); i++) {
            covered += Math.min(live[i], budgets.get(i).bytes());
        }
        return covered;
    }
}
