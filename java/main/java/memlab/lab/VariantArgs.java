package memlab.lab;

import java.util.List;

/** What a child JVM is told about the variant it runs: side, variant name, size and count. */
public record VariantArgs(Side side, String variant, long sizeBytes, long count) {

    public List<String> toArgs() {
        return List.of(side.id(), variant, Long.toString(sizeBytes), Long.toString(count));
    }

    public static VariantArgs parse(List<String> args) {
        return new VariantArgs(Side.parse(args.get(0)), args.get(1), Long.parseLong(args.get(2)),
                Long.parseLong(args.get(3)));
    }

    public int countAsInt() {
        return Math.toIntExact(count);
    }
}
