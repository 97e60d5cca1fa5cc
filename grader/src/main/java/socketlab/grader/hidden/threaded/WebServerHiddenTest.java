package socketlab.grader.hidden.threaded;

import java.nio.file.Path;
import socketlab.grader.core.Exercise;
import socketlab.grader.harness.ServerUnderTest;
import socketlab.grader.hidden.web.HttpBehaviourHiddenTest;
import socketlab.grader.suites.web.Site;
import socketlab.threaded.WebServer;

@Exercise(
        lab = "lab-threaded",
        id = "M3",
        title = "The multi-threaded web server (textbook web server lab)",
        hidden = true)
class WebServerHiddenTest extends HttpBehaviourHiddenTest {

    @Override
    protected Site open(Path www, int timeLimitMillis) throws Exception {
        return Site.of(
                ServerUnderTest.start(() -> new WebServer(0, www, timeLimitMillis), WebServer::serve), WebServer::port);
    }
}
