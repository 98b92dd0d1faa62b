package memlab.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a lab is asked to do: the size of one unit of work in bytes, and how many iterations.
 * Each lab says what the two mean for it, and gives defaults (the seed's) and quick values.
 */
public record Params(long sizeBytes, int iterations) {

    public Params {
        if (sizeBytes <= 0) {
            throw new UsageException("size must be positive, got " + sizeBytes);
        }
        if (iterations <= 0) {
            throw new UsageException("iterations must be positive, got " + iterations);
        }
    }

    public Params withOverrides(Long size, Integer iterations) {
        return new Params(size != null ? size : sizeBytes, iterations != null ? iterations : this.iterations);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size_bytes", sizeBytes);
        map.put("iterations", iterations);
        return map;
    }
}
