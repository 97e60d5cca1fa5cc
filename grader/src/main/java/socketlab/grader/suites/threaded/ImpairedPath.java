package socketlab.grader.suites.threaded;

import socketlab.grader.core.BackendsUsed;
import socketlab.grader.toxiproxy.TcpPath;

/** Opens a Toxiproxy path in front of a student's server and notes the backend for the report. */
final class ImpairedPath {

    private ImpairedPath() {
    }

    static TcpPath to(int serverPort) {
        TcpPath path = TcpPath.to(serverPort);
        BackendsUsed.note("TCP: " + path.backend().name());
        return path;
    }
}
