package socketlab.grader.run;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import socketlab.grader.results.TestOutcome;

/**
 * One line of the event file a grading worker writes for its supervisor (JSON, one event a line, each
 * flushed at once, so nothing is lost if the worker dies mid-test).
 */
record WorkerEvent(Kind type, List<PlannedTest> planned, String started, TestOutcome finished, List<String> backends) {

    /** What happened: the tests were listed, one started, one finished, the worker is done. */
    enum Kind {
        @SerializedName("planned")
        PLANNED,
        @SerializedName("started")
        STARTED,
        @SerializedName("finished")
        FINISHED,
        @SerializedName("done")
        DONE
    }

    /** A test the worker will run, with what the supervisor needs to account for it if the worker dies. */
    record PlannedTest(TestOutcome outcome, int timeoutSeconds) {}

    static WorkerEvent planned(List<PlannedTest> tests) {
        return new WorkerEvent(Kind.PLANNED, tests, null, null, null);
    }

    static WorkerEvent started(String id) {
        return new WorkerEvent(Kind.STARTED, null, id, null, null);
    }

    /** A test's result, with the backends the JVM has used so far (they survive a JVM that retires before "done"). */
    static WorkerEvent finished(TestOutcome outcome, List<String> backends) {
        return new WorkerEvent(Kind.FINISHED, null, null, outcome, backends);
    }

    static WorkerEvent done(List<String> backends) {
        return new WorkerEvent(Kind.DONE, null, null, null, backends);
    }
}
