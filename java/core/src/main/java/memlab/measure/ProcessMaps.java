package memlab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process's memory map as Linux publishes it in /proc/self/maps: one line per mapping,
 * {@code start-end perms offset dev inode path}. Other OSes have no such file: empty.
 */
public final class ProcessMaps {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private ProcessMaps() {
    }

    /** One mapping; {@code path} is empty for anonymous memory, "[heap]" or "[stack]" for those. */
    public record Mapping(long start, long end, String perms, String path) {

        public boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }

        public boolean anonymous() {
            return path.isEmpty();
        }

        public boolean readWrite() {
            return perms.startsWith("rw");
        }

        public boolean executable() {
            return perms.length() > 2 && perms.charAt(2) == 'x';
        }

        public boolean inaccessible() {
            return perms.startsWith("---");
        }

        public String fileName() {
            return Path.of(path).getFileName().toString();
        }

        /** e.g. "libmemlab.so r-xp", "[heap] rw-p", "anonymous rw-p". */
        public String describe() {
            return (anonymous() ? "anonymous" : path.startsWith("[") ? path : fileName()) + " " + perms;
        }
    }

    public static Optional<List<Mapping>> read() {
        if (!Files.isReadable(MAPS)) {
            return Optional.empty();
        }
        try {
            List<Mapping> mappings = new ArrayList<>();
            for (String line : Files.readAllLines(MAPS)) {
                String[] fields = line.trim().split("\\s+", 6);
                String[] range = fields[0].split("-");
                mappings.add(new Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16),
                        fields[1], fields.length == 6 ? fields[5] : ""));
            }
            return Optional.of(mappings);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Optional<Mapping> find(List<Mapping> mappings, long address) {
        return mappings.stream().filter(m -> m.contains(address)).findFirst();
    }

    /** The mapping that ends exactly where {@code mapping} starts: a stack's guard page sits there. */
    public static Optional<Mapping> below(List<Mapping> mappings, Mapping mapping) {
        return mappings.stream().filter(m -> m.end() == mapping.start()).findFirst();
    }
}
