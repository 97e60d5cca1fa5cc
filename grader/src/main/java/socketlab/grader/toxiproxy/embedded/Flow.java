package socketlab.grader.toxiproxy.embedded;

import java.util.SplittableRandom;

/** What a toxic sees of the rest of its pipe: the toxics after it, the destination, the clock and randomness. */
interface Flow {
    /** Passes a chunk to the next toxic (or to the destination socket). */
    void emit(Chunk chunk) throws PipeStoppedException;

    /** Ends this direction: the rest of the chain sees end-of-stream, then the destination is closed. */
    void end() throws PipeStoppedException;

    /** Waits until {@code System.nanoTime() >= deadlineNanos}; throws if the connection dies meanwhile. */
    void awaitUntil(long deadlineNanos) throws PipeStoppedException;

    /** Closes both sides of the connection with RST (SO_LINGER 0). */
    void resetConnection();

    /** This pipe's replayable random source (only used from the pipe's writer thread). */
    SplittableRandom random();
}
