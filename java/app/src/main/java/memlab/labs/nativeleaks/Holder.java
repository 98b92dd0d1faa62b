package memlab.labs.nativeleaks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.zip.Deflater;

import memlab.measure.ObjectSizes;

/**
 * The JDK objects of lab 14, each small on the heap and holding native memory: how to make one,
 * use it as a program would, and give its native memory back. The plain object is the heap
 * twin: about a Deflater's heap size, and nothing else.
 */
enum Holder {

    /** zlib's compression state: malloc'd by libzip's bundled zlib in the constructor. */
    DEFLATER(List.of("java.util.zip.Deflater", "java.util.zip.Deflater$DeflaterZStreamRef",
            "jdk.internal.ref.CleanerImpl$PhantomCleanableRef")) {
        @Override
        Object make(long bufferBytes) {
            Deflater deflater = new Deflater();
            // used once, as a program would: compressing writes zlib's window and hash tables
            deflater.setInput(INPUT);
            deflater.finish();
            deflater.deflate(new byte[INPUT.length]);
            return deflater;
        }

        @Override
        void release(Object holder) {
            ((Deflater) holder).close(); // AutoCloseable since JDK 25; end() on older JDKs
        }
    },

    /** A platform thread parked until released: its stack and the JVM's thread bookkeeping. */
    THREAD(List.of("memlab.labs.nativeleaks.Holder$ParkedThread", "java.lang.Thread", "java.lang.Thread$FieldHolder",
            "java.util.concurrent.CountDownLatch", "java.util.concurrent.CountDownLatch$Sync")) {
        @Override
        Object make(long bufferBytes) {
            return ParkedThread.start();
        }

        @Override
        void release(Object holder) {
            ((ParkedThread) holder).stop();
        }
    },

    /**
     * A direct ByteBuffer: Unsafe.allocateMemory, freed by a Cleaner once the buffer is unreachable.
     * Its third object, the Deallocator, is a record, and JOL cannot lay out a record's fields (the
     * JDK refuses their offsets), so JOL's figure leaves it out.
     */
    DIRECT_BUFFER(List.of("java.nio.DirectByteBuffer", "jdk.internal.ref.Cleaner")) {
        @Override
        Object make(long bufferBytes) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(bufferBytes)); // zeroed: every page written
            buffer.putLong(0, bufferBytes);
            return buffer;
        }

        @Override
        void release(Object holder) {
            // a direct buffer has no close: the fix is to reuse buffers (DirectPool), not to free them
            throw new UnsupportedOperationException("a direct buffer is freed only by the collector");
        }
    },

    /** A class loader that defined one tiny class: Metaspace, class space and the loader's native data. */
    CLASS_LOADER(List.of("memlab.labs.nativeleaks.Holder$TinyLoader")) {
        @Override
        Object make(long bufferBytes) {
            return new TinyLoader();
        }

        @Override
        void release(Object holder) {
            // nothing to call: a loader and its classes go when the loader is unreachable (class unloading)
        }
    },

    /** The heap twin: a byte[] with a Deflater's heap size (its three objects, by JOL), and no native memory. */
    PLAIN_OBJECT(List.of()) {
        @Override
        Object make(long bufferBytes) {
            return new byte[Twin.ARRAY_LENGTH];
        }

        @Override
        void release(Object holder) {
        }

        @Override
        long jolBytes() {
            return ObjectSizes.shallowBytes(new byte[Twin.ARRAY_LENGTH]);
        }
    };

    /** What each Deflater compresses once: 4 KiB of text-like bytes. */
    private static final byte[] INPUT = "memlab lab 14: the JVM's own native leaks. ".repeat(100)
            .substring(0, 4096).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Sized on first use, in the child: JOL is not loaded where the lab is only listed or planned. */
    private static final class Twin {
        static final int ARRAY_LENGTH = Math.toIntExact(DEFLATER.jolBytes() - ObjectSizes.shallowBytes(new byte[0]));
    }

    private final List<String> heapClasses;

    Holder(List<String> heapClasses) {
        this.heapClasses = heapClasses;
    }

    /** One holder, used once. */
    abstract Object make(long bufferBytes);

    /** Gives the holder's native memory back the way its API says. */
    abstract void release(Object holder);

    /** JOL's instance sizes of the objects one holder is made of on the heap. */
    long jolBytes() {
        return heapClasses.stream().mapToLong(Holder::instanceBytes).sum();
    }

    private static long instanceBytes(String className) {
        try {
            return ObjectSizes.instanceBytes(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JDK has no " + className + ", which lab 14 measures", e);
        }
    }

    /** A daemon thread that waits on a latch nobody counts down until {@link #stop}; a class, as JOL cannot lay out records. */
    static final class ParkedThread {
        private final Thread thread;
        private final CountDownLatch release;

        private ParkedThread(Thread thread, CountDownLatch release) {
            this.thread = thread;
            this.release = release;
        }

        static ParkedThread start() {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread thread = Thread.ofPlatform().daemon().start(() -> {
                started.countDown();
                awaitUninterruptibly(release);
            });
            awaitUninterruptibly(started); // running: its stack is committed before anything is measured
            return new ParkedThread(thread, release);
        }

        void stop() {
            release.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            while (true) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException e) {
                    // a parked thread stays parked: only its latch releases it
                }
            }
        }
    }

    /** Defines its own copy of {@link Tiny} in its constructor; keeping the loader keeps the class. */
    static final class TinyLoader extends ClassLoader {
        private static final byte[] TINY_CLASS = tinyClassBytes();

        TinyLoader() {
            super(null);
            defineClass(Tiny.class.getName(), TINY_CLASS, 0, TINY_CLASS.length);
        }

        private static byte[] tinyClassBytes() {
            String resource = "/" + Tiny.class.getName().replace('.', '/') + ".class";
            try (InputStream in = Holder.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("memlab's jar has no " + resource);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A bounded pool of direct buffers: the fix for allocating one per use. */
    static final class DirectPool {
        private final Deque<ByteBuffer> free = new ArrayDeque<>();
        private final int capacity;
        private final long bufferBytes;

        DirectPool(int capacity, long bufferBytes) {
            this.capacity = capacity;
            this.bufferBytes = bufferBytes;
        }

        ByteBuffer acquire() {
            ByteBuffer pooled = free.pollFirst();
            return pooled != null ? pooled.clear() : (ByteBuffer) DIRECT_BUFFER.make(bufferBytes);
        }

        void release(ByteBuffer buffer) {
            if (free.size() < capacity) {
                free.addFirst(buffer);
            }
        }
    }
}
