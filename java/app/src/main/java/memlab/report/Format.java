package memlab.report;

import java.util.Locale;

/** The output formats of `memlab run` and `memlab all`. */
public enum Format {
    TABLE, MD, JSON, CSV;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
