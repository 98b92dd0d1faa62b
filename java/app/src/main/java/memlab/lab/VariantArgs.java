package memlab.lab;

import java.util.List;

/** What a child JVM is told about the variant it runs: the variant, this run's size and count. */
public record VariantArgs(Variant variant, long sizeBytes, long count) {

    public Side side() {
        return variant.side();
    }

    public String kind() {
        return variant.kind();
    }

    public int countAsInt() {
        return Math.toIntExact(count);
    }

    public List<String> toArgs() {
        return List.of(variant.side().id(), variant.kind(), Long.toString(sizeBytes), Long.toString(count));
    }

    public static VariantArgs parse(List<String> args) {
        if (args.size() != 4) {
            throw new IllegalArgumentException("a child task takes side, kind, size and count; got " + args);
        }
        return new VariantArgs(new Variant(Side.parse(args.get(0)), args.get(1)), Long.parseLong(args.get(2)),
                Long.parseLong(args.get(3)));
    }
}
