package memlab.lab;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three worlds every lab runs in, side by side. */
public enum Side {
    /** Plain Java objects on the GC-managed heap: the collector frees them. */
    HEAP,
    /** The C library through java.lang.foreign: an arena's close or an explicit free. */
    FFM,
    /** The same C library through JNR-FFI: an explicit free. */
    JNR;

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
