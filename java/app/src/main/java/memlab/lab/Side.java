package memlab.lab;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;

import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;
import memlab.util.UsageException;

/** The three worlds every lab runs in, side by side. */
public enum Side {
    /** Plain Java objects on the GC-managed heap: the collector frees them. */
    HEAP,
    /** The C library through java.lang.foreign: an arena's close or an explicit free. */
    FFM,
    /** The same C library through JNR-FFI: an explicit free. */
    JNR;

    /** The binding a native side goes through; the heap side has none. */
    public Binding binding() {
        return switch (this) {
            case FFM -> Binding.FFM;
            case JNR -> Binding.JNR;
            case HEAP -> throw new IllegalStateException("the heap side has no native binding");
        };
    }

    /** What every lab shares in the C library, through this side's binding. */
    public NativeMemory memory() {
        return binding().memory();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Side parse(String text) {
        for (Side side : values()) {
            if (side.id().equalsIgnoreCase(text.strip())) {
                return side;
            }
        }
        throw new UsageException("unknown side '" + text + "'; use one or more of " + allIds() + ", comma-separated");
    }

    public static EnumSet<Side> parseList(String text) {
        EnumSet<Side> sides = EnumSet.noneOf(Side.class);
        for (String part : text.split(",", -1)) {
            sides.add(parse(part));
        }
        return sides;
    }

    public static String allIds() {
        return Arrays.stream(values()).map(Side::id).collect(Collectors.joining(","));
    }
}
