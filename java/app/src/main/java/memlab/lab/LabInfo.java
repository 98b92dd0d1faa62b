package memlab.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything memlab says about a lab before running it, in one place: its number and id, the
 * seed experiment it reproduces and the seed's own figure, the question it answers and its
 * lesson (written here once: reports, JSON and {@code memlab list} all read it from here), what
 * {@code --count} and {@code --size} mean for it with their limits, and its default (the seed's)
 * and quick sizes. A lab declares it as a constant at the top of its class:
 *
 * <pre>{@code
 * static final LabInfo INFO = LabInfo.lab(5, "leak")
 *         .title("Memory leak: malloc without free vs a list that only grows")
 *         .seed("001 Task 3 (memory_leak_demo.py)", "Python: 10 iterations x ~10 MB ...")
 *         .question("What does a leak look like to each witness?")
 *         .lesson("A leak is memory still owned but never used again. ...")
 *         .count("iterations", "iterations", 10_000)
 *         .size("size_bytes", "bytes per chunk")
 *         .defaults(10L << 20, 10).quick(2L << 20, 8)
 *         .build();
 * }</pre>
 *
 * @param count        what --count means, its JSON param name and its largest value
 * @param size         what --size means and its JSON param name; null when the lab takes no --size
 * @param fixedParams  figures the lab fixes, reported with its params (lab 11's batch rows)
 */
public record LabInfo(int number, String id, String title, String seed, String seedFigure, String question,
                      String lesson, Knob count, Knob size, Params defaults, Params quick,
                      Map<String, Object> fixedParams) {

    /** One of a lab's two knobs: its JSON param name, what it means in words, and its largest value. */
    public record Knob(String key, String meaning, long max) {
    }

    public LabInfo {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(lesson, "lesson");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(quick, "quick");
        if (!id.matches("[a-z]+(-[a-z]+)*")) {
            throw new IllegalArgumentException("a lab id is lower-case words joined by '-', got " + id);
        }
        fixedParams = Map.copyOf(fixedParams);
    }

    public static Builder lab(int number, String id) {
        return new Builder(number, id);
    }

    /** The package a lab lives in: its id without dashes ("stack-vs-heap" -> memlab.labs.stackvsheap). */
    public String packageName() {
        return "memlab.labs." + id.replace("-", "");
    }

    /** The params as the lab names them in reports and JSON: {"iterations": 10, "size_bytes": ...}. */
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (size != null) {
            map.put(size.key(), params.sizeBytes());
        }
        map.put(count.key(), params.count());
        map.putAll(new java.util.TreeMap<>(fixedParams));
        return map;
    }

    public static final class Builder {
        private final int number;
        private final String id;
        private String title;
        private String seed;
        private String seedFigure;
        private String question;
        private String lesson;
        private Knob count;
        private Knob size;
        private Params defaults;
        private Params quick;
        private final Map<String, Object> fixedParams = new LinkedHashMap<>();

        private Builder(int number, String id) {
            this.number = number;
            this.id = id;
        }

        public Builder title(String text) {
            this.title = text;
            return this;
        }

        /** Which seed experiment, e.g. "001 Task 3 (memory_leak_demo.py)", and its own figure or claim. */
        public Builder seed(String which, String figure) {
            this.seed = which;
            this.seedFigure = figure;
            return this;
        }

        /** The question the lab answers, in one sentence. */
        public Builder question(String text) {
            this.question = text;
            return this;
        }

        /** What the lab shows, in a few sentences for a learner. */
        public Builder lesson(String text) {
            this.lesson = text.strip().replaceAll("\\s*\\n\\s*", " ");
            return this;
        }

        /** --count: its JSON param name ("iterations"), what it means ("iterations"), its largest value. */
        public Builder count(String key, String meaning, long max) {
            this.count = new Knob(key, meaning, max);
            return this;
        }

        /** --size: its JSON param name ("size_bytes") and what it means ("bytes per chunk"). */
        public Builder size(String key, String meaning) {
            this.size = new Knob(key, meaning, Long.MAX_VALUE);
            return this;
        }

        /** A figure the lab fixes, reported with its params. */
        public Builder fixed(String key, Object value) {
            fixedParams.put(key, value);
            return this;
        }

        /** The seed's sizes: what {@code memlab all} runs. */
        public Builder defaults(long sizeBytes, long count) {
            this.defaults = new Params(sizeBytes, count);
            return this;
        }

        /** Small sizes that finish in seconds ({@code memlab all --quick}, tests). */
        public Builder quick(long sizeBytes, long count) {
            this.quick = new Params(sizeBytes, count);
            return this;
        }

        public LabInfo build() {
            return new LabInfo(number, id, title, seed, seedFigure, question, lesson, count, size, defaults, quick,
                    fixedParams);
        }
    }
}
