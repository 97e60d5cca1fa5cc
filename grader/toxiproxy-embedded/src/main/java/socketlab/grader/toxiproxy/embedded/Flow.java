package socketlab.grader.toxiproxy.embedded;

import java.util.SplittableRandom;

/**
 * What a toxic sees of the rest of its pipe: the toxics after it (as the chain is now, so a toxic added behind it
 * gets what it sends next), the destination, the clock and randomness.
 */
interface Flow {
    /** Passes a chunk to the next toxic (or to the destination socket). */
    void emit(Chunk chunk) throws PipeStoppedException;

    /** Ends this direction: the rest of the chain sees end-of-stream, then the destination is closed. */
    void end() throws PipeStoppedException;

    /**
     * Holds what the toxic has for {@code nanos} (nothing for zero or less). False if the toxic was interrupted
     * first, as Toxiproxy interrupts a toxic that is updated or removed, that gets a toxic added right after it, or
     * whose next toxic is removed: the toxic then lets go of what it holds at once. Throws if the connection ends.
     */
    boolean hold(long nanos) throws PipeStoppedException;

    /** Waits {@code nanos} whatever happens to the toxic (only the connection's end stops it). */
    void pause(long nanos) throws PipeStoppedException;

    /** After an interrupted end-of-stream: hands the end to this toxic again as the chain is now (or to the next). */
    void endAgain() throws PipeStoppedException;

    /** Closes both sides of the connection with RST (SO_LINGER 0). */
    void resetConnection();

    /** This pipe's replayable random source (only used from the pipe's writer thread). */
    SplittableRandom random();

    /**
     * What is left of a wait of {@code nanos} that started at {@code startNanos} (System.nanoTime). A Go toxic's
     * timer starts once the next stage has taken its data; here the next stage runs inside {@code emit}, so the
     * wait is counted from the moment the data was handed on. A wait of zero or less stays one (no overflow).
     */
    static long left(long nanos, long startNanos) {
        return nanos <= 0 ? nanos : nanos - (System.nanoTime() - startNanos);
    }
}
