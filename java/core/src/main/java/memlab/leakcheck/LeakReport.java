package memlab.leakcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import memlab.util.Sizes;
import memlab.measure.Trend;

/**
 * What a leak check measured: for each witness (heap after a full GC, memlab's tracked native
 * bytes, the process allocator's in-use bytes) the samples after every iteration, their fitted
 * slope in bytes per iteration, and whether it is a leak.
 */
public record LeakReport(int iterations, List<Witness> witnesses, List<String> notes) {

    /** A report with nothing to say beyond its witnesses. */
    public LeakReport(int iterations, List<Witness> witnesses) {
        this(iterations, witnesses, List.of());
    }

    /** {@code limitPerIteration} is null for a witness that is reported but not judged. */
    public record Witness(String name, Long limitPerIteration, double[] samples, Trend fit) {

        /** A leak: even the slope's lower bound exceeds what the caller allowed per iteration. */
        public boolean leaks() {
            return limitPerIteration != null && fit.slopeLowerBound() > limitPerIteration;
        }

        double average(int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += samples[i];
            }
            return sum / (to - from);
        }

        String describe() {
            int window = Math.max(1, Math.min(10, samples.length / 3));
            String judgement = limitPerIteration == null ? "not judged"
                    : String.format(Locale.ROOT, "lower bound %,.0f B vs limit %,d B", fit.slopeLowerBound(), limitPerIteration);
            return String.format(Locale.ROOT, "%s %s %+,.0f B per iteration (±%,.0f; %s); first %d average %s,"
                            + " last %d average %s",
                    name, limitPerIteration == null ? "(reported)" : leaks() ? "LEAKS" : "ok", fit.slope(),
                    fit.slopeStdErr(), judgement, window, Sizes.format((long) average(0, window)), window,
                    Sizes.format((long) average(samples.length - window, samples.length)));
        }
    }

    public boolean leaks() {
        return witnesses.stream().anyMatch(Witness::leaks);
    }

    public Witness witness(String name) {
        return witnesses.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    /** One line per witness, leaking ones first. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s over %d iterations:", leaks() ? "memory leak" : "no leak", iterations));
        witnesses.stream().filter(Witness::leaks).forEach(w -> lines.add("  " + w.describe()));
        witnesses.stream().filter(w -> !w.leaks()).forEach(w -> lines.add("  " + w.describe()));
        notes.forEach(note -> lines.add("  " + note.replace("\n", "\n  ")));
        return String.join("\n", lines);
    }
}
