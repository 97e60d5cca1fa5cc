package socketlab.grader.toxiproxy.embedded;

/** Unwinds a toxic chain when its connection has been closed (or its destination failed) mid-way. */
final class PipeStoppedException extends Exception {
    private static final long serialVersionUID = 1L;

    PipeStoppedException() {
        super(null, null, false, false);
    }
}
