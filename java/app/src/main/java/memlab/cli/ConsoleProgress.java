package memlab.cli;

import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import memlab.lab.Progress;

/**
 * Progress on stderr (never stdout: it must stay clean for JSON and CSV), shown only once a task
 * has taken longer than {@link #QUIET_FOR}: quick work prints nothing.
 */
final class ConsoleProgress implements Progress {

    static final Duration QUIET_FOR = Duration.ofSeconds(2);

    @Override
    public Task start(String name, long total) {
        long started = System.nanoTime();
        return new Task() {
            private ProgressBar bar;
            private long done;

            @Override
            public void step(String detail) {
                done++;
                if (bar == null && System.nanoTime() - started > QUIET_FOR.toNanos()) {
                    bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII).setConsumer(new StderrConsumer())
                            .build();
                }
                if (bar != null) {
                    bar.stepTo(done);
                    bar.setExtraMessage(" " + detail);
                }
            }

            @Override
            public void close() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }

    /** Redraws one line in a terminal; in a log (CI), prints a line per update instead of a \r smear. */
    private static final class StderrConsumer extends me.tongfei.progressbar.ConsoleProgressBarConsumer {
        private static final boolean TERMINAL = System.console() != null && System.console().isTerminal();

        private String last = "";

        StderrConsumer() {
            super(System.err, 100);
        }

        @Override
        public void accept(String rendered) {
            if (TERMINAL) {
                super.accept(rendered);
            } else if (!rendered.strip().equals(last)) {
                last = rendered.strip();
                System.err.println(last);
            }
        }
    }
}
