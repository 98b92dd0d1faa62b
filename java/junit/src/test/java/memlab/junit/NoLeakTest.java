package memlab.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import memlab.leakcheck.LeakCheck;
import memlab.nativelib.FfmNative;

/** The annotation form, run through JUnit itself: a leaking @NoLeak test fails, a clean one passes. */
class NoLeakTest {

    /** Run only by the test kit below (its name does not end in Test, so surefire skips it). */
    @Tag("leak-check-fixture")
    static class Fixture {
        static final List<byte[]> KEPT = new ArrayList<>();
        static int cleanRuns;

        @Test
        @NoLeak(iterations = 15)
        void leaks() {
            KEPT.add(new byte[2048]);
        }

        static final List<Long> KEPT_NATIVE = new ArrayList<>();

        @Test
        @NoLeak(iterations = 10, attributeNativeLeaks = true)
        void leaksNative() {
            KEPT_NATIVE.add(FfmNative.get().malloc(32 << 10));
        }

        @Test
        @NoLeak(iterations = 15)
        void clean() {
            cleanRuns++;
            byte[] garbage = new byte[2048];
            garbage[1] = 1;
        }

        static int parameterizedRuns;

        /** One check per argument: keeping nothing passes, keeping 2 KiB a run fails. */
        @ParameterizedTest
        @ValueSource(ints = {0, 2048})
        @NoLeak(iterations = 15)
        void keeps(int bytes) {
            parameterizedRuns++;
            if (bytes > 0) {
                KEPT.add(new byte[bytes]);
            }
        }

        @TestFactory
        @NoLeak
        java.util.stream.Stream<DynamicTest> factory() {
            return java.util.stream.Stream.of(DynamicTest.dynamicTest("kept", () -> KEPT.add(new byte[2048])));
        }

        @LeakFree
        void leaksUnderAnAnnotationOfItsOwn() {
            KEPT.add(new byte[2048]);
        }

        static final List<java.util.zip.Deflater> KEPT_DEFLATERS = new ArrayList<>();

        private static java.util.zip.Deflater deflate() {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater();
            deflater.setInput(new byte[100]);
            deflater.finish();
            deflater.deflate(new byte[256]);
            return deflater;
        }

        /** Lab 14's lesson: 141 B of heap, about 262 KiB of zlib's malloc, far below the process allocator's 2 MiB. */
        @Test
        @NoLeak
        void keepsADeflaterWithoutEnd() {
            KEPT_DEFLATERS.add(deflate());
        }

        @Test
        @NoLeak
        void endsItsDeflater() {
            deflate().end();
        }

        /**
         * The same leak, kept on purpose: allowed by its stack (the JDK's native Deflater.init, which
         * callocs a 112 B z_stream and has zlib allocate its state), and its objects by the heap's limit.
         */
        @Test
        @NoLeak(allowedNativeStacks = "Java_java_util_zip_Deflater_init", heapBytesPerIteration = 1024)
        void keepsADeflaterOnPurpose() {
            KEPT_DEFLATERS.add(deflate());
        }

        static int poolRuns;

        /** A pool of 15 Deflaters, filled in the first 15 measured runs: within its stack's budget. */
        @Test
        @NoLeak(heapBytesPerIteration = 1024,
                nativeStackBudgets = @NativeStackBudget(stack = "Deflater\\.init", bytes = 16 * 268_224))
        void fillsADeflaterPoolWithinItsBudget() {
            if (++poolRuns <= LeakCheck.DEFAULT_WARM_UP + 15) {
                KEPT_DEFLATERS.add(deflate());
            }
        }
    }

    /** The other two: libc's malloc called straight through FFM, kept and freed. */
    @Tag("leak-check-fixture")
    static class LibcFixture {
        static final List<java.lang.foreign.MemorySegment> KEPT = new ArrayList<>();
        private static final java.lang.foreign.Linker LINKER = java.lang.foreign.Linker.nativeLinker();
        private static final java.lang.invoke.MethodHandle MALLOC = LINKER.downcallHandle(
                LINKER.defaultLookup().find("malloc").orElseThrow(), java.lang.foreign.FunctionDescriptor.of(
                        java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_LONG));
        private static final java.lang.invoke.MethodHandle FREE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("free").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.ofVoid(java.lang.foreign.ValueLayout.ADDRESS));

        static java.lang.foreign.MemorySegment malloc(long bytes) throws Throwable {
            var block = ((java.lang.foreign.MemorySegment) MALLOC.invokeExact(bytes)).reinterpret(bytes);
            block.fill((byte) 1); // written, as a real caller would
            return block;
        }

        static void free(java.lang.foreign.MemorySegment block) throws Throwable {
            FREE.invokeExact(block);
        }

        @Test
        @NoLeak
        void keepsALibcMalloc() throws Throwable {
            KEPT.add(malloc(100_000));
        }

        @Test
        @NoLeak
        void freesItsLibcMalloc() throws Throwable {
            free(malloc(100_000));
        }
    }

    /** A team's own annotation that carries @NoLeak. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Test
    @NoLeak(iterations = 15)
    @interface LeakFree {
    }

    @Test
    void aLeakingAnnotatedTestFailsWithTheFigures() {
        EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "leaks")).execute()
                .testEvents().assertThatEvents().haveExactly(1, event(test("leaks"),
                        finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains("heap (after full GC) LEAKS")))));
        Fixture.KEPT.clear();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aNativeLeakUnderTheAnnotationNamesTheTestMethodAsTheCaller(@TempDir Path reports) {
        System.setProperty(LeakCheck.REPORTS_PROPERTY, reports.toString());
        try {
            // reflection reaches the method through method handles: the stack ends at the test, no "(FFM downcall)" below it
            EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "leaksNative")).execute()
                    .testEvents().assertThatEvents().haveExactly(1, event(test("leaksNative"),
                            finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains(
                                    "memlab_malloc <- (FFM downcall) <- memlab.nativelib.FfmNative.malloc <- "
                                            + Fixture.class.getName() + ".leaksNative\n")))));
        } finally {
            System.clearProperty(LeakCheck.REPORTS_PROPERTY);
            Fixture.KEPT_NATIVE.forEach(FfmNative.get()::free);
            Fixture.KEPT_NATIVE.clear();
        }
    }

    @Test
    void aParameterizedTestIsOneCheckPerArgument() {
        Fixture.parameterizedRuns = 0;
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "keeps", "int"))
                .execute().testEvents();
        events.assertThatEvents()
                .haveExactly(1, event(test("keeps"), finishedSuccessfully()))
                .haveExactly(1, event(test("keeps"), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.contains("heap (after full GC) LEAKS")))));
        Fixture.KEPT.clear();
        org.junit.jupiter.api.Assertions.assertEquals(2 * (LeakCheck.DEFAULT_WARM_UP + 15), Fixture.parameterizedRuns,
                "each argument ran as a whole check");
    }

    @Test
    void noLeakOnAnAnnotationOfYourOwnIsACheckToo() {
        EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "leaksUnderAnAnnotationOfItsOwn"))
                .execute().testEvents().assertThatEvents().haveExactly(1, event(test("leaksUnderAnAnnotationOfItsOwn"),
                        finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains("heap (after full GC) LEAKS")))));
        Fixture.KEPT.clear();
    }

    @Test
    void aTestFactoryIsRefusedRatherThanPassedUnchecked() {
        EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "factory"))
                .execute().containerEvents().assertThatEvents().haveExactly(1, event(
                        finishedWithFailure(instanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class),
                                message(m -> m.contains("@NoLeak cannot check a @TestFactory")))));
        Fixture.KEPT.clear();
    }

    /** The issue's own four tests, with @NoLeak's defaults: the kept Deflater fails, its fix passes. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aDeflaterKeptWithoutEndFailsByDefaultAndItsFixPasses() {
        try {
            EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "keepsADeflaterWithoutEnd"),
                    selectMethod(Fixture.class, "endsItsDeflater"), selectMethod(Fixture.class, "keepsADeflaterOnPurpose"),
                    selectMethod(Fixture.class, "fillsADeflaterPoolWithinItsBudget"))
                    .execute().testEvents().assertThatEvents()
                    .haveExactly(1, event(test("keepsADeflaterWithoutEnd"), finishedWithFailure(
                            instanceOf(AssertionError.class), message(m -> m.contains(LeakCheck.BODY_NATIVE + " LEAKS")))))
                    .haveExactly(1, event(test("endsItsDeflater"), finishedSuccessfully()))
                    .haveExactly(1, event(test("keepsADeflaterOnPurpose"), finishedSuccessfully()))
                    .haveExactly(1, event(test("fillsADeflaterPoolWithinItsBudget"), finishedSuccessfully()));
        } finally {
            Fixture.KEPT_DEFLATERS.forEach(java.util.zip.Deflater::end);
            Fixture.KEPT_DEFLATERS.clear();
        }
    }

    /** libc's malloc straight through FFM passes no patched code: the allocator less the hooks sees it. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aLibcMallocKeptFailsByDefaultAndFreedPasses() throws Throwable {
        try {
            EngineTestKit.engine("junit-jupiter").selectors(selectMethod(LibcFixture.class, "keepsALibcMalloc"),
                            selectMethod(LibcFixture.class, "freesItsLibcMalloc"))
                    .execute().testEvents().assertThatEvents()
                    .haveExactly(1, event(test("keepsALibcMalloc"), finishedWithFailure(instanceOf(AssertionError.class),
                            message(m -> m.contains(LeakCheck.UNHOOKED + " LEAKS +100,0")
                                    && m.contains("libc's own called straight")))))
                    .haveExactly(1, event(test("freesItsLibcMalloc"), finishedSuccessfully()));
        } finally {
            for (var block : LibcFixture.KEPT) {
                LibcFixture.free(block);
            }
            LibcFixture.KEPT.clear();
        }
    }

    @Test
    void aCleanAnnotatedTestPassesAndRanEveryIteration() {
        Fixture.cleanRuns = 0;
        EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Fixture.class, "clean")).execute()
                .testEvents().assertThatEvents().haveExactly(1, event(test("clean"), finishedSuccessfully()));
        org.junit.jupiter.api.Assertions.assertEquals(LeakCheck.DEFAULT_WARM_UP + 15, Fixture.cleanRuns);
    }
}
