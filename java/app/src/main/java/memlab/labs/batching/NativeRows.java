package memlab.labs.batching;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import memlab.nativelib.NativeMemory;

import static memlab.labs.batching.Lab11_Batching.NATIVE_ROW_BYTES;

/**
 * Users as C code would hold them: an array of {@value Lab11_Batching#NATIVE_ROW_BYTES}-byte
 * structs in the tracked allocator (id, created_at, then name and email as NUL-padded UTF-8),
 * written through the side's binding with {@link NativeMemory#copyFrom}. Nothing here is lab 11's
 * own C: malloc, realloc, free and the copy are the calls every lab shares.
 */
final class NativeRows {

    private static final int NAME_BYTES = 32;
    private static final int EMAIL_BYTES = 48;

    private final NativeMemory memory;
    /** One struct, encoded in Java before it is copied. */
    private final byte[] struct = new byte[NATIVE_ROW_BYTES];
    private long address;
    private long capacityRows;

    private NativeRows(NativeMemory memory, long capacityRows) {
        this.memory = memory;
        this.capacityRows = capacityRows;
        this.address = requireNative(memory.malloc(capacityRows * NATIVE_ROW_BYTES), capacityRows);
    }

    /** Room for {@code capacityRows} structs, malloc'd now. */
    static NativeRows allocate(NativeMemory memory, long capacityRows) {
        return new NativeRows(memory, capacityRows);
    }

    /** Writes {@code user} as struct number {@code index}, which must be below the capacity. */
    void put(long index, User user) {
        memory.copyFrom(encode(user), address + index * NATIVE_ROW_BYTES);
    }

    /** Writes {@code user} as struct number {@code index}, first doubling the array with realloc when it is full. */
    void append(long index, User user) {
        if (index == capacityRows) {
            capacityRows *= 2;
            address = requireNative(memory.realloc(address, capacityRows * NATIVE_ROW_BYTES), capacityRows);
        }
        put(index, user);
    }

    void free() {
        if (address != 0) {
            memory.free(address);
            address = 0;
        }
    }

    private byte[] encode(User user) {
        ByteBuffer buffer = ByteBuffer.wrap(struct).order(ByteOrder.nativeOrder());
        Arrays.fill(struct, (byte) 0);
        buffer.putLong(user.id()).putLong(user.createdAt());
        putPadded(buffer, user.name(), NAME_BYTES);
        putPadded(buffer, user.email(), EMAIL_BYTES);
        return struct;
    }

    private static void putPadded(ByteBuffer buffer, String text, int width) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int start = buffer.position();
        buffer.put(utf8, 0, Math.min(utf8.length, width - 1)); // truncated, always NUL-terminated
        buffer.position(start + width);
    }

    private static long requireNative(long address, long capacityRows) {
        if (address == 0) {
            throw new OutOfMemoryError("native malloc of " + capacityRows + " rows returned NULL");
        }
        return address;
    }
}
