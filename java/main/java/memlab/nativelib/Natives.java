package memlab.nativelib;

import memlab.lab.Side;

/** Picks the binding for a side: {@code ffm} or {@code jnr}. */
public final class Natives {

    private Natives() {
    }

    public static NativeMemory forSide(Side side) {
        return switch (side) {
            case FFM -> FfmNative.get();
            case JNR -> JnrNative.get();
            case HEAP -> throw new IllegalArgumentException("the heap side has no native binding");
        };
    }
}
