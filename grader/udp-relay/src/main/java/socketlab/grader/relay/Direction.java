package socketlab.grader.relay;

/** The two directions through the relay; each has its own impairment, random stream, counters and sequence. */
public enum Direction {
    /** Client to server: datagrams the client sends to the relay's port. */
    UPSTREAM,
    /** Server to client: replies the server sends to a session socket. */
    DOWNSTREAM;

    /** Lower-case name for human-readable descriptions ("upstream"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
