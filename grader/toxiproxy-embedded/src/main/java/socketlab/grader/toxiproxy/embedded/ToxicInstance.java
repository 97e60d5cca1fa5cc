package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.ScheduledFuture;

/**
 * One toxic as one pipe runs it (Toxiproxy's ToxicStub): its settings, this stream's behaviour (with its state),
 * and the runs. Each run draws toxicity anew: a run starts when the connection starts or the toxic is added, and
 * again after every interrupt (update, a toxic added right after it, the removal of the toxic after it), as
 * ToxicStub.Run does.
 */
final class ToxicInstance {
    volatile ToxicDefinition definition;
    /** What the toxic does to this stream, and the stream's state (used by the pipe's writer thread only). */
    final ToxicBehavior behavior;
    /** Whether this run applies the toxic (else it passes data through, as Toxiproxy's noop). */
    volatile boolean applies;
    /** The run number; a toxic holding data lets go of it when this changes (the interrupt). */
    volatile int run;
    /**
     * timeout: this run's timer that closes the connection (guarded by the pipe). It belongs to the run, not to
     * the data path, because it must fire while no data flows; Go's timeout toxic waits for it in its Pipe.
     */
    ScheduledFuture<?> timer;
    /** The last run that handled data (writer thread only). */
    private int enteredRun = -1;

    ToxicInstance(ToxicDefinition definition) {
        this.definition = definition;
        this.behavior = definition.type().forStream();
    }

    /** Called before the toxic handles data in run {@code current}: a run's first data starts its state afresh. */
    void enterRun(int current) {
        if (enteredRun != current) {
            enteredRun = current;
            behavior.runStarted();
        }
    }
}
