package memlab.lab;

import java.time.Duration;

/**
 * How a row's run ended. Most rows finish; a variant run in a child JVM may also fail, be killed by
 * a signal (the lesson of lab 07's C recursion), time out, or not apply on this operating system.
 * What the row measured is in its metrics either way; the outcome says whether to trust them whole.
 */
public sealed interface Outcome {

    Outcome FINISHED = new Finished();

    /** A short phrase for people: "finished", "killed by SIGSEGV", "timed out after 600 s". */
    String describe();

    /** The JSON status word: finished, failed, killed, timed_out, unsupported. */
    String status();

    default boolean finished() {
        return this instanceof Finished;
    }

    /** The variant ran to its end. */
    record Finished() implements Outcome {
        @Override
        public String describe() {
            return "finished";
        }

        @Override
        public String status() {
            return "finished";
        }
    }

    /** It stopped early: an error inside the variant, or a child JVM that exited with an error. */
    record Failed(String reason) implements Outcome {
        @Override
        public String describe() {
            return reason;
        }

        @Override
        public String status() {
            return "failed";
        }
    }

    /**
     * The process was killed by a signal (POSIX: "SIGSEGV") or an exception code (Windows:
     * "EXCEPTION_STACK_OVERFLOW"); {@code number} is the signal's number, or -1 when unknown.
     */
    record Killed(String signal, int number) implements Outcome {
        @Override
        public String describe() {
            return "killed by " + signal;
        }

        @Override
        public String status() {
            return "killed";
        }
    }

    /** The child JVM ran past its time limit and was killed. */
    record TimedOut(Duration after) implements Outcome {
        @Override
        public String describe() {
            return "timed out after " + after.toSeconds() + " s and was killed";
        }

        @Override
        public String status() {
            return "timed_out";
        }
    }

    /** This OS has no source for what the variant measures; nothing was measured. */
    record Unsupported(String os, String reason) implements Outcome {
        @Override
        public String describe() {
            return "unsupported on " + os + ": " + reason;
        }

        @Override
        public String status() {
            return "unsupported";
        }
    }
}
