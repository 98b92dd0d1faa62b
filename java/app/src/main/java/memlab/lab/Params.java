package memlab.lab;

import memlab.util.UsageException;

/**
 * What a lab is asked to do: a size in bytes and a count. Each lab says what the two mean for it
 * (lab 05: bytes per chunk and iterations; lab 01: bytes per value and how many values) and gives
 * defaults (the seed's) and quick values.
 */
public record Params(long sizeBytes, long count) {

    public Params {
        if (sizeBytes <= 0) {
            throw new UsageException("size must be positive, got " + sizeBytes);
        }
        if (count <= 0) {
            throw new UsageException("count must be positive, got " + count);
        }
    }

    public Params withOverrides(Long size, Long count) {
        return new Params(size != null ? size : sizeBytes, count != null ? count : this.count);
    }
}
