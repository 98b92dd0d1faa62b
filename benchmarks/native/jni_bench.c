/*
 * The JNI baseline for benchmarks/java/memlab/bench/DowncallBench: the same three calls as
 * native/src/bench_targets.c, as JNI native methods of memlab.bench.JniTargets. Built by CMake
 * for the benchmarks only (target memlab_jni_bench); it never goes into memlab.jar.
 */
#include <jni.h>
#include <stdint.h>

JNIEXPORT void JNICALL Java_memlab_bench_JniTargets_noop(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
}

JNIEXPORT jint JNICALL Java_memlab_bench_JniTargets_add(JNIEnv *env, jclass cls, jint a, jint b) {
    (void)env;
    (void)cls;
    return a + b;
}

/* The buffer is off-heap, passed as its address: what FFM and JNR are given too. */
JNIEXPORT jint JNICALL Java_memlab_bench_JniTargets_buffer(JNIEnv *env, jclass cls, jlong address, jlong length) {
    (void)env;
    (void)cls;
    const uint8_t *bytes = (const uint8_t *)(intptr_t)address;
    return length == 0 ? 0 : bytes[0] + bytes[length - 1];
}

/* For LeakCheckFloor: a native library's own malloc and free behind JNI, as a user's JNI code leaks. */
#include <stdlib.h>

JNIEXPORT jlong JNICALL Java_memlab_bench_JniTargets_malloc(JNIEnv *env, jclass cls, jlong bytes) {
    (void)env;
    (void)cls;
    unsigned char *block = malloc((size_t)bytes);
    if (block != NULL && bytes > 0) {
        block[0] = 1; /* written, as a real leak's memory is */
    }
    return (jlong)(intptr_t)block;
}

JNIEXPORT void JNICALL Java_memlab_bench_JniTargets_free(JNIEnv *env, jclass cls, jlong address) {
    (void)env;
    (void)cls;
    free((void *)(intptr_t)address);
}
