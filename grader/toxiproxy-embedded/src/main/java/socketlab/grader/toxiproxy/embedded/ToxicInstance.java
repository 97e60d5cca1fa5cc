package socketlab.grader.toxiproxy.embedded;

import java.util.concurrent.ScheduledFuture;

/**
 * One toxic as one pipe runs it (Toxiproxy's ToxicStub). Each run draws toxicity anew: a run starts when the
 * connection starts or the toxic is added, and again after every interrupt (update, a toxic added right after it,
 * the removal of the toxic after it), as ToxicStub.Run does.
 */
final class ToxicInstance {
    volatile ToxicDefinition definition;
    /** Whether this run applies the toxic (else it passes data through, as Toxiproxy's noop). */
    volatile boolean applies;
    /** The run number; a toxic holding data lets go of it when this changes (the interrupt). */
    volatile int run;
    /** limit_data: bytes already let through on this connection (Toxiproxy's stub state, kept across runs). */
    long bytesPassed;
    /** The run that {@link #bandwidthDebtNanos} belongs to: a run's own state starts afresh, as a Go Pipe's locals. */
    int stateRun = -1;
    /** bandwidth: Go's "sleep", the time the data let through so far is owed, less the time already waited. */
    long bandwidthDebtNanos;
    /** timeout: this run's timer that closes the connection (guarded by the pipe). */
    ScheduledFuture<?> timer;

    ToxicInstance(ToxicDefinition definition) {
        this.definition = definition;
    }

    /** Starts the state of a new run when the run first handles data. */
    void enterRun(int current) {
        if (stateRun != current) {
            stateRun = current;
            bandwidthDebtNanos = 0;
        }
    }
}
