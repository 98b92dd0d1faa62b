package memlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The note a result ends with when variants did not finish: the reason, where memlab knows it. */
class ReadingsTest {

    private static final String LIMIT = "the kernel's OOM killer, at a cgroup memory limit of 230.0 MiB (cgroup v1 /a)";

    private static Row killed(String kind, boolean byTheOomKiller) {
        Row row = new Row(new Variant(Side.FFM, kind)).outcome(new Outcome.Killed("SIGKILL", 9));
        return byTheOomKiller ? row.label(Row.OOM_KILLER, LIMIT) : row;
    }

    @Test
    void rowsTheOomKillerEndedAreSaidToHaveMetTheLimit() {
        assertEquals("(2 variants did not finish: the kernel's OOM killer ended them at a cgroup memory limit of"
                        + " 230.0 MiB (cgroup v1 /a))",
                Readings.unfinished(List.of(killed("a", true), killed("b", true), new Row(new Variant(Side.FFM, "c")))));
        assertEquals("(1 variant did not finish: the kernel's OOM killer ended it at a cgroup memory limit of"
                + " 230.0 MiB (cgroup v1 /a))", Readings.unfinished(List.of(killed("a", true))));
    }

    @Test
    void otherDeathsPointToTheTable() {
        assertEquals("(2 variants did not finish: see the table)",
                Readings.unfinished(List.of(killed("a", true), killed("b", false))));
        assertEquals("", Readings.unfinished(List.of(new Row(new Variant(Side.FFM, "a")))));
    }
}
