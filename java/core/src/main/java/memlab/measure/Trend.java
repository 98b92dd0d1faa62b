package memlab.measure;

/**
 * Bytes per run and how sure of it: what a leak check judges. A least-squares line through the
 * samples ({@link LinearFit}) or, where single runs can be far off, a trimmed mean of the steps
 * from run to run ({@link TrimmedSteps}).
 */
public interface Trend {

    /** Bytes per run. */
    double slope();

    /** The slope's standard error. */
    double slopeStdErr();

    /** The slope's one-sided {@value LinearFit#CONFIDENCE} lower bound. */
    double slopeLowerBound();
}
