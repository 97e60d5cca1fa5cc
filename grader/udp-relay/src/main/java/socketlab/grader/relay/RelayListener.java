package socketlab.grader.relay;

/**
 * Hears what a relay does, for whoever runs it: a grading harness names the relay and its impairment in a test's
 * feedback and notes scripted drops on the test's trace; a command line prints. The relay itself depends on nothing
 * but the JDK. Register one with {@link UdpRelay.Builder#listener}; the default methods do nothing.
 */
public interface RelayListener {

    /** A listener that ignores everything. */
    RelayListener NONE = new RelayListener() {};

    /** The relay started, or its impairment changed ({@link UdpRelay#describe()} says how it is now). */
    default void configured(UdpRelay relay) {}

    /**
     * What happened to one copy of a datagram, once decided (a drop) or sent (a forward). Called on the relay's own
     * threads, so it must be quick and must not block.
     */
    default void handled(RelayEvent event) {}

    /**
     * The bytes of that copy (as sent on, after any corruption; as read, for a drop): what a capture of the relay's
     * traffic needs. Called right after {@link #handled}, on the same thread; {@code payload} is the relay's own
     * array, to copy and not to keep.
     */
    default void carried(RelayEvent event, byte[] payload) {}
}
