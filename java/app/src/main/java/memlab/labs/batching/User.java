package memlab.labs.batching;

/** One row of lab 11's users table, as an application holds it. */
record User(long id, String name, String email, long createdAt) {
}
