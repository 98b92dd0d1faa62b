package memlab.measure;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * Native Memory Tracking, read from inside the JVM through the DiagnosticCommand MBean (the same
 * report as {@code jcmd <pid> VM.native_memory summary}). Only in a JVM started with
 * {@code -XX:NativeMemoryTracking=summary}; NMT sees what the JVM allocates (heap, threads, code,
 * FFM arenas and direct buffers under "Other"), never what C code mallocs by itself.
 */
public final class NmtProbe {

    private static final Pattern CATEGORY = Pattern.compile(
            "-\\s+(\\S[^(]*?)\\s+\\(reserved=(\\d+)(KB|MB|GB|B)?, committed=(\\d+)(KB|MB|GB|B)?\\)");
    private static final Pattern TOTAL = Pattern.compile(
            "Total: reserved=(\\d+)(KB|MB|GB|B)?, committed=(\\d+)(KB|MB|GB|B)?");

    /** The key of {@link #committedByCategory()} that holds the sum of every category. */
    public static final String TOTAL_CATEGORY = "Total";

    private NmtProbe() {
    }

    public static boolean enabled() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-XX:NativeMemoryTracking=") && !arg.endsWith("=off"));
    }

    /** The summary report, as jcmd would print it. */
    public static String summary() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            return String.valueOf(text);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Native Memory Tracking: " + e.getMessage(), e);
        }
    }

    /** Committed bytes of one NMT category ("Other", "Java Heap", ...), if NMT is on. */
    public static OptionalLong committedBytes(String category) {
        if (!enabled()) {
            return OptionalLong.empty();
        }
        return committedBytes(summary(), category);
    }

    /**
     * Committed bytes of every NMT category, in report order, then {@link #TOTAL_CATEGORY}; empty
     * if NMT is off. One report, so the categories are read at the same instant.
     */
    public static Map<String, Long> committedByCategory() {
        return enabled() ? committedByCategory(summary()) : Map.of();
    }

    static Map<String, Long> committedByCategory(String summary) {
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher category = CATEGORY.matcher(summary);
        while (category.find()) {
            committed.put(category.group(1), Long.parseLong(category.group(4)) * unit(category.group(5)));
        }
        Matcher total = TOTAL.matcher(summary);
        if (total.find()) {
            committed.put(TOTAL_CATEGORY, Long.parseLong(total.group(3)) * unit(total.group(4)));
        }
        return committed;
    }

    static OptionalLong committedBytes(String summary, String category) {
        Long committed = committedByCategory(summary).get(category);
        return committed == null ? OptionalLong.empty() : OptionalLong.of(committed);
    }

    private static long unit(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1;
        };
    }
}
