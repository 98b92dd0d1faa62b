package memlab.lab;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import memlab.util.UsageException;

/**
 * Every lab memlab has, in index order, found by id or number. Labs register themselves in
 * META-INF/services/memlab.lab.Lab: the harness never names a concrete lab.
 */
public final class LabRegistry {

    private static final List<Lab> LABS = ServiceLoader.load(Lab.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt((Lab lab) -> lab.info().number()))
            .toList();

    private LabRegistry() {
    }

    public static List<Lab> all() {
        return LABS;
    }

    /** "leak", "5" or "05". */
    public static Lab find(String idOrNumber) {
        String key = idOrNumber.strip().toLowerCase(Locale.ROOT);
        for (Lab lab : LABS) {
            if (lab.info().id().equals(key) || key.matches("\\d{1,3}") && Integer.parseInt(key) == lab.info().number()) {
                return lab;
            }
        }
        throw new UsageException("unknown lab '" + idOrNumber + "'; run 'memlab list' to see the labs ("
                + LABS.stream().map(lab -> lab.info().id()).collect(Collectors.joining(", ")) + ")");
    }
}
