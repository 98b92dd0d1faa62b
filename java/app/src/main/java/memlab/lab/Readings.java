package memlab.lab;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * What every lab's reading does the same way. A reading is one or two sentences that say what the
 * table shows, with the few measured figures that prove it; it is written from whatever rows are
 * there (the user may run one side, a variant may not finish), so each clause needs its rows and
 * is left out without them. These helpers find a finished row, say a figure once when FFM and JNR
 * measured the same, and end a sentence with how many variants did not finish.
 */
public final class Readings {

    private Readings() {
    }

    /** The row of a variant, if it ran and finished. */
    private static Optional<Row> finished(List<Row> rows, Variant variant) {
        return rows.stream().filter(r -> r.variant().equals(variant) && r.outcome().finished()).findFirst();
    }

    /** The row of the variant {@code kind} on {@code side}, if it ran and finished. */
    public static Optional<Row> finished(List<Row> rows, Side side, String kind) {
        return finished(rows, new Variant(side, kind));
    }

    /** The finished rows of the variant {@code kind} on every side that ran it, in the rows' order. */
    public static List<Row> allFinished(List<Row> rows, String kind) {
        return rows.stream().filter(r -> r.variant().kind().equals(kind) && r.outcome().finished()).toList();
    }

    /**
     * A figure measured through FFM and through JNR, said once when they agree: "16.0 MiB through
     * FFM and JNR alike"; both when they do not ("3.4x through FFM, 8.6x through JNR"); one when
     * only one side has it ("16.0 MiB through FFM"); empty when neither does. They agree when the
     * figure reads the same for both.
     */
    public static Optional<String> natives(Optional<Row> ffm, Optional<Row> jnr, Function<Row, String> figure) {
        return natives(ffm, jnr, figure, (a, b) -> false);
    }

    /**
     * As {@link #natives(Optional, Optional, Function)}, and they also agree when {@code agree}
     * says so ({@link #within}): FFM's figure is then said for both.
     */
    public static Optional<String> natives(Optional<Row> ffm, Optional<Row> jnr, Function<Row, String> figure,
                                           BiPredicate<Row, Row> agree) {
        boolean agreeing = ffm.isPresent() && jnr.isPresent() && agree.test(ffm.get(), jnr.get());
        return nativeFigures(ffm.map(figure), agreeing ? ffm.map(figure) : jnr.map(figure));
    }

    /** As {@link #natives(Optional, Optional, Function)}, for figures already written. */
    public static Optional<String> nativeFigures(Optional<String> ffm, Optional<String> jnr) {
        return nativeFigures(ffm, jnr, "");
    }

    /**
     * As {@link #nativeFigures(Optional, Optional)}, with {@code noun} said after the first figure
     * only: "3.4x the stack array's time through FFM, 8.6x through JNR".
     */
    public static Optional<String> nativeFigures(Optional<String> ffm, Optional<String> jnr, String noun) {
        if (ffm.isPresent() && jnr.isPresent()) {
            return Optional.of(ffm.get().equals(jnr.get()) ? ffm.get() + noun + " through FFM and JNR alike"
                    : ffm.get() + noun + " through FFM, " + jnr.get() + " through JNR");
        }
        return ffm.map(f -> f + noun + " through FFM").or(() -> jnr.map(j -> j + noun + " through JNR"));
    }

    /** Two rows agree when {@code value} differs between them by at most {@code share} of the larger. */
    public static BiPredicate<Row, Row> within(ToDoubleFunction<Row> value, double share) {
        return (a, b) -> {
            double x = value.applyAsDouble(a);
            double y = value.applyAsDouble(b);
            return Math.abs(x - y) <= share * Math.max(Math.abs(x), Math.abs(y));
        };
    }

    /** "(2 variants did not finish: see the table)", or "" when every row finished. */
    public static String unfinished(List<Row> rows) {
        return unfinished(rows, row -> false);
    }

    /** As {@link #unfinished(List)}, leaving out the rows whose dying is the lesson (and is said). */
    public static String unfinished(List<Row> rows, Predicate<Row> lesson) {
        List<Row> unfinished = rows.stream().filter(r -> !r.outcome().finished() && !lesson.test(r)).toList();
        if (unfinished.isEmpty()) {
            return "";
        }
        String count = unfinished.size() + (unfinished.size() == 1 ? " variant" : " variants");
        // a memory limit that stopped them is the reason to give, not "see the table"
        List<String> limits = unfinished.stream().map(r -> r.labels().get(Row.OOM_KILLER)).filter(l -> l != null)
                .distinct().toList();
        if (limits.size() == 1 && unfinished.stream().allMatch(r -> r.labels().containsKey(Row.OOM_KILLER))) {
            return "(" + count + " did not finish: " + limits.get(0).replace("the kernel's OOM killer, at",
                    "the kernel's OOM killer ended " + (unfinished.size() == 1 ? "it" : "them") + " at") + ")";
        }
        return "(" + count + " did not finish: see the table)";
    }

    /**
     * The clauses there are, joined with "; " into one sentence that starts with a capital and
     * ends with {@code note} (from {@link #unfinished}) and a full stop; "" for no clause and no note.
     */
    public static String sentence(List<String> clauses, String note) {
        String text = String.join("; ", clauses.stream().filter(c -> !c.isBlank()).toList());
        if (!note.isEmpty()) {
            text = text.isEmpty() ? note.substring(1, note.length() - 1) : text + " " + note;
        }
        if (text.isEmpty()) {
            return "";
        }
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1) + ".";
    }
}
