package memlab.nativelib;

/** A native buffer and how many elements C put in it. */
public record NativeBuffer(long address, long count) {
}
