package memlab.lab;

import java.util.Arrays;
import java.util.List;

/**
 * One way a lab runs its experiment: a side (heap, ffm, jnr) and a kind ("malloc_no_free",
 * "unbounded_list"). Its name, the one reports and JSON show, is {@code side_kind}
 * ("ffm_malloc_no_free"); labs switch on the kind and never take a name apart again. A row that
 * measures a lab's setup rather than a variant may keep a name without the side
 * ({@link #unprefixed}: lab 11's "database_created").
 */
public record Variant(Side side, String kind, String name) {

    public Variant {
        if (side == null || kind == null || !kind.matches("[a-z0-9]+(_[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a variant is a side and a lower_snake kind, got " + side + "/" + kind);
        }
        if (!name.equals(side.id() + "_" + kind) && !name.equals(kind)) {
            throw new IllegalArgumentException("variant " + name + " is neither " + side.id() + "_" + kind + " nor " + kind);
        }
    }

    public Variant(Side side, String kind) {
        this(side, kind, side.id() + "_" + kind);
    }

    /** A row named by its kind alone, on a side: for what a lab measures once, outside its variants. */
    public static Variant unprefixed(Side side, String kind) {
        return new Variant(side, kind, kind);
    }

    /** One variant per kind, in order, on one side. */
    public static List<Variant> of(Side side, String... kinds) {
        return Arrays.stream(kinds).map(kind -> new Variant(side, kind)).toList();
    }

    /** A variant read back from JSON, where it is a side and a name. */
    public static Variant read(Side side, String name) {
        String prefix = side.id() + "_";
        return name.startsWith(prefix) ? new Variant(side, name.substring(prefix.length()))
                : unprefixed(side, name);
    }

    @Override
    public String toString() {
        return name;
    }
}
