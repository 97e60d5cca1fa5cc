/**
 * An in-JVM server compatible with Toxiproxy 2.12's HTTP API and toxics, for machines without Docker.
 *
 * <h2>Shape</h2>
 * {@link socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy} serves the API through {@code ApiHttpServer} (one
 * selector thread that reads requests and writes answers without blocking, so stalled clients hold no thread; Go's
 * timeouts) and {@code ApiRoutes} (gorilla/mux's routing, Gson). {@code ProxyRegistry} holds the named
 * {@code ManagedProxy}s; each proxy accepts connections and joins client and upstream with two {@code Pipe}s
 * (upstream = client to server, downstream = server to client). A pipe's reader thread writes straight through
 * while its direction has no toxic; otherwise chunks of at most 32 KB, stamped with their arrival time, go to the
 * pipe's writer thread, which runs them through the direction's toxic chain in order. Each toxic runs as
 * Toxiproxy's ToxicStub does: toxicity is drawn per run, and a run ends (its held data let go at once) when the
 * toxic is interrupted: updated, removed, given a toxic right after it, or left by the toxic after it. Waits are
 * differences of System.nanoTime, durations are Go's int64 nanoseconds (they wrap as Go's do), and randomness
 * (toxicity, jitter, slicer cuts) comes from one seeded {@code RandomSource}, split per pipe.
 *
 * <h2>Known differences from Toxiproxy 2.12</h2>
 * <ul>
 *   <li>Proxies listen on loopback only: an empty, wildcard ({@code 0.0.0.0}, {@code ::}) or {@code localhost}
 *       listen host is bound to 127.0.0.1 (and reported so); any other non-loopback host is refused with a 400.</li>
 *   <li>Settings on which Toxiproxy 2.12 panics (the whole server exits) once data flows are refused with a 400
 *       that says why: latency jitter of 2^62 ms or more, bandwidth rate below 0 or with rate * 100 beyond int64,
 *       slicer outside 1 &le; average_size and 1 - average_size &le; size_variation &le; average_size.</li>
 *   <li>A direction's toxics handle one chunk at a time, in one thread; Toxiproxy runs each toxic in a goroutine of
 *       its own. The timing is the same wherever Toxiproxy's channels are unbuffered (a toxic's wait starts when the
 *       next one took its data); it differs behind a latency toxic, whose 1024-chunk buffer lets the toxics before
 *       it go on in Toxiproxy: with a latency toxic after a slicer or bandwidth toxic on the same stream, data
 *       leaves later and less bunched than in Toxiproxy. Likewise up to 1024 chunks queue in front of the first
 *       toxic, where Toxiproxy holds the client back through TCP unless that toxic is a latency toxic.</li>
 *   <li>API calls that change toxics never wait for the data path. Toxiproxy's wait until the toxic they interrupt
 *       takes the interrupt: a reset_peer counting down its timeout, or a toxic whose output is blocked by a client
 *       that does not read (up to the 25 s handler limit, then 503, holding the proxy's toxics locked).</li>
 *   <li>reset_peer sets SO_LINGER 0 when it fires, so it also sends RST on connections opened before the toxic was
 *       added (Go sets linger only when a connection starts with the toxic present).</li>
 *   <li>JSON decoding messages follow encoding/json's wording only approximately, after the exact
 *       "bad request body: " prefix.</li>
 *   <li>A request head may be at most 64 KB (Go: 1 MB) and a body at most 1 MB (Go: no limit; here a 400 "bad
 *       request body: http: request body too large"). Answers carry no {@code X-Toxiproxy-Request-Id} header.
 *       {@code Expect: 100-continue} is answered as soon as the request head is in (Go: when the handler first
 *       reads the body).</li>
 *   <li>Upstream dials time out after 5 s. No /metrics endpoint, no TLS proxies.</li>
 * </ul>
 * Every engine thread is a daemon named "toxiproxy-embedded-...".
 * As in Toxiproxy: a client's FIN closes the whole upstream connection (no half-close), removing a timeout toxic
 * closes the connections it held, the timeout toxic drops the data it stops, and bandwidth rate 0 lets nothing
 * through.
 */
package socketlab.grader.toxiproxy.embedded;
