package memlab.labs.nativeleaks;

/** The class each of lab 14's loaders defines again: as small as a class gets (263 bytes compiled). */
public class Tiny {
    public int value;

    public int get() {
        return value;
    }
}
