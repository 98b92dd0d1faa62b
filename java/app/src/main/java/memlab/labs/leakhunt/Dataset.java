package memlab.labs.leakhunt;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import memlab.nativelib.NativeMemory;

/**
 * A dataset of specimens going through the seed's stages: an index of objects, each loaded
 * with its landmarks as boxed numbers, unpacked into arrays (or C buffers), analyzed into a
 * covariance-like matrix, then deleted: objects first, the dataset last. Without a {@code lib}
 * (the heap side) it is Java objects; with one, tracked C buffers.
 */
final class Dataset {
    private final NativeMemory lib;
    private final int objects;
    private final int landmarks;

    Dataset(NativeMemory lib, int objects, int landmarks) {
        this.lib = lib;
        this.objects = objects;
        this.landmarks = landmarks;
    }

    /** Runs the six stages, calling {@code afterStage} after each. */
    void runAllStages(Runnable afterStage) {
        int coordinates = 2 * landmarks;
        // create dataset: the index that will hold the objects
        List<List<Double>> loaded = new ArrayList<>(objects);
        long index = lib == null ? 0 : lib.calloc(objects, Long.BYTES);
        afterStage.run();
        // load objects: landmarks as boxed numbers, the way a parser hands them over
        for (int i = 0; i < objects; i++) {
            List<Double> raw = new ArrayList<>(coordinates);
            for (int c = 0; c < coordinates; c++) {
                raw.add(i + c / 1000.0);
            }
            loaded.add(raw);
        }
        afterStage.run();
        // unpack landmarks: into primitive arrays (heap) or C buffers (native)
        List<double[]> unpacked = new ArrayList<>(objects);
        long[] buffers = new long[objects];
        for (int i = 0; i < objects; i++) {
            if (lib == null) {
                unpacked.add(loaded.get(i).stream().mapToDouble(Double::doubleValue).toArray());
            } else {
                buffers[i] = lib.calloc(coordinates, Double.BYTES);
            }
        }
        afterStage.run();
        // run analysis: a coordinates x coordinates matrix
        double[][] matrix = lib == null ? new double[coordinates][coordinates] : null;
        long nativeMatrix = lib == null ? 0 : lib.calloc((long) coordinates * coordinates, Double.BYTES);
        if (matrix != null) {
            for (double[] specimen : unpacked) {
                for (int a = 0; a < coordinates; a++) {
                    matrix[a][a] += specimen[a] * specimen[a];
                }
            }
        }
        afterStage.run();
        // delete objects
        loaded.clear();
        unpacked.clear();
        if (lib != null) {
            for (long buffer : buffers) {
                lib.free(buffer);
            }
        }
        afterStage.run();
        // delete dataset, analysis included
        matrix = null;
        if (lib != null) {
            lib.free(nativeMatrix);
            lib.free(index);
        }
        afterStage.run();
        Reference.reachabilityFence(matrix);
    }
}
