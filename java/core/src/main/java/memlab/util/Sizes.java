package memlab.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people type them. Units are binary, like the JVM's -Xmx: 10MB = 10 MiB =
 * 10,485,760 bytes, so the seed's "10 iterations x 10 MB" is exactly 104,857,600 bytes.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");

    private Sizes() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("not a size: '" + text + "'; use a positive number of bytes with an optional unit,"
                    + " e.g. 10MB, 512KiB or 1048576");
        }
        int shift = switch (m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("size '" + text + "' is too large; memlab takes sizes up to a few GiB");
        }
        if (value <= 0) {
            throw new UsageException("size must be positive, got '" + text + "'");
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new UsageException("size '" + text + "' is too large; memlab takes sizes up to a few GiB");
        }
        return value << shift;
    }

    /** 104857600 -> "100.0 MiB"; exact below 1 KiB. */
    public static String format(long bytes) {
        long magnitude = Math.abs(bytes);
        if (magnitude < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
