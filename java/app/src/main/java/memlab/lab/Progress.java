package memlab.lab;

/** Reports progress of long work; the CLI shows it on stderr, tests ignore it. */
public interface Progress {

    Progress NONE = (name, total) -> new Task() {
        @Override
        public void step(String detail) {
        }

        @Override
        public void close() {
        }
    };

    /** Starts a task of {@code total} steps. */
    Task start(String name, long total);

    interface Task extends AutoCloseable {
        void step(String detail);

        @Override
        void close();
    }
}
