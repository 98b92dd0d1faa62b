package memlab.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import memlab.lab.LabInfo;
import memlab.lab.Side;
import memlab.util.Sizes;
import memlab.util.UsageException;
import memlab.report.Format;

/** Options shared by `run` and `all`; every value is checked here, before any lab starts. */
final class RunOptions {

    @Option(names = "--sides", paramLabel = "SIDES", description = "Comma-separated sides to run: heap,ffm,jnr (default: all three).")
    String sides;

    @Option(names = "--size", paramLabel = "SIZE", description = "The lab's size in bytes (lab 05: per chunk), binary units: 10MB = 10 MiB, 512KiB, 1048576 (default: the lab's, from its seed; 'memlab list' says what it means).")
    String size;

    @Option(names = {"--count", "--iterations"}, paramLabel = "N", converter = WholeNumber.class, description = "The lab's count, e.g. iterations for lab 05, values for lab 01; 'memlab list' says what each lab counts (default: the lab's).")
    Long count;

    @Option(names = "--quick", description = "Small sizes: each lab in a few seconds, for a first look or CI.")
    boolean quick;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "Output on stdout: table, md, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--all-columns", description = "In the table, every metric instead of the lab's headline columns (md, json and csv always have every metric).")
    boolean allColumns;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.html (one page, charts inline), report.md and per-lab JSON, CSV and PNG charts to DIR.")
    String out;

    @Option(names = "--dry-run", description = "Check everything (labs, sizes, the memory budget, --out) and print what would run; run, allocate and write nothing.")
    boolean dryRun;

    Set<Side> sides() {
        return sides == null ? EnumSet.allOf(Side.class) : Side.parseList(sides);
    }

    Long sizeBytes() {
        return size == null ? null : Sizes.parse(size);
    }

    /** The params for one lab: its defaults (or quick ones) with this run's --size and --count. */
    memlab.lab.Params paramsFor(memlab.lab.Lab lab) {
        LabInfo info = lab.info();
        if (size != null && info.size() == null) {
            throw new UsageException("lab " + info.id() + " takes no --size (its sizes are fixed); leave it out");
        }
        if (count != null && (count < 1 || count > info.count().max())) {
            throw new UsageException("--count for lab " + info.id() + " (" + info.count().meaning() + ") must be between 1 and "
                    + String.format(java.util.Locale.ROOT, "%,d", info.count().max()) + ", got " + count);
        }
        return (quick ? info.quick() : info.defaults()).withOverrides(sizeBytes(), count);
    }

    /** The --out directory, created and proven writable; null when not asked for. */
    Path outDir() {
        Path dir = outPath();
        return dir == null ? null : OutDir.create(dir);
    }

    /** The --out path, checked without creating anything: a valid path, on the way to a writable folder. */
    Path outPath() {
        if (out == null) {
            return null;
        }
        Path dir;
        try {
            dir = Path.of(out).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new UsageException("--out '" + out + "' is not a valid path: " + e.getReason());
        }
        OutDir.check(dir);
        return dir;
    }

    /** --count as people write it: a whole number, and errors that say so (not "is not a long"). */
    static final class WholeNumber implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.valueOf(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException(value.matches("[+-]?[0-9]+")
                        ? "'" + value + "' is out of range" : "'" + value + "' is not a whole number");
            }
        }
    }
}
