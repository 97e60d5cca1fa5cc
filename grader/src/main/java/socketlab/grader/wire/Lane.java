package socketlab.grader.wire;

/** A timeline of a sequence diagram: the client, the network between (the UDP relay or a TCP proxy), the server. */
public enum Lane {
    CLIENT,
    NETWORK,
    SERVER
}
