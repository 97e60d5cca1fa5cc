package socketlab.grader.toxiproxy;

import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.util.Locale;

/** Human wording of one toxic for student feedback, e.g. "latency 200 ms ± 20 ms downstream". */
final class ToxicDescriptions {
    private ToxicDescriptions() {}

    /** {@code resetsArrive}: false where Docker's port proxy turns reset_peer's RST into a FIN. */
    static String describe(Toxic toxic, boolean resetsArrive) {
        String direction = toxic.getStream().name().toLowerCase(Locale.ROOT);
        String what = what(toxic, resetsArrive);
        float toxicity = toxic.getToxicity();
        String odds = toxicity < 1f ? String.format(Locale.ROOT, " (on %.0f%% of connections)", toxicity * 100) : "";
        return what + " " + direction + odds;
    }

    private static String what(Toxic toxic, boolean resetsArrive) {
        if (toxic instanceof Latency) {
            Latency latency = (Latency) toxic;
            return "latency " + latency.getLatency() + " ms"
                    + (latency.getJitter() > 0 ? " ± " + latency.getJitter() + " ms" : "");
        }
        if (toxic instanceof Bandwidth) {
            return "bandwidth " + ((Bandwidth) toxic).getRate() + " KB/s";
        }
        if (toxic instanceof Slicer) {
            Slicer slicer = (Slicer) toxic;
            return "slicer " + slicer.getAverageSize() + "±" + slicer.getSizeVariation() + " bytes every "
                    + slicer.getDelay() + " µs";
        }
        if (toxic instanceof Timeout) {
            long timeout = ((Timeout) toxic).getTimeout();
            return timeout > 0
                    ? "timeout (data stopped, closed after " + timeout + " ms)"
                    : "timeout (data stopped, held open)";
        }
        if (toxic instanceof ResetPeer) {
            return "reset_peer (RST " + ((ResetPeer) toxic).getTimeout() + " ms after data"
                    + (resetsArrive ? ")" : "; Docker's port proxy passes it on as a FIN: the connection just ends)");
        }
        if (toxic instanceof SlowClose) {
            return "slow close " + ((SlowClose) toxic).getDelay() + " ms";
        }
        if (toxic instanceof LimitData) {
            return "limit " + ((LimitData) toxic).getBytes() + " bytes";
        }
        return toxic.getName();
    }
}
