package memlab.labs.throwaway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;

class Lab14_ThrowawayTest {

    @Test
    void everySideHoldsTheBlockExactly() {
        LabResult result = LabRunner.run(new Lab14_Throwaway(), new Params(10_000, 1));
        assertEquals(3, result.rows().size());
        for (Row row : result.rows()) {
            assertEquals(10_000, row.longMetric(Metrics.HELD), row.name());
        }
    }
}
