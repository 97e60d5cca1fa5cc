/**
 * An in-JVM server compatible with Toxiproxy 2.12's HTTP API and toxics, for machines without Docker.
 *
 * <h2>Shape</h2>
 * {@link socketlab.grader.toxiproxy.embedded.EmbeddedToxiproxy} serves the API through {@code ApiHttpServer} (one
 * selector thread that reads requests and writes answers without blocking, so stalled clients hold no thread; Go's
 * timeouts) and {@code ApiRoutes} (gorilla/mux's routing, Gson); {@code ProxyRegistry} holds the named {@code ManagedProxy}s; each proxy accepts connections and
 * joins client and upstream with two {@code Pipe}s (upstream = client to server, downstream = server to client).
 * A pipe's reader thread writes straight through while its direction has no toxic; otherwise chunks, stamped with
 * their arrival time, go to the pipe's writer thread, which runs them through the direction's toxic chain in
 * order (Toxiproxy's ToxicStub pipeline). Delays are waits until a deadline, never summed sleeps.
 * Randomness (toxicity rolls, jitter, slicer cuts) comes from one seeded {@code RandomSource}, split per pipe.
 *
 * <h2>Known differences from Toxiproxy 2.12</h2>
 * <ul>
 *   <li>Proxies listen on loopback only: an empty, wildcard ({@code 0.0.0.0}, {@code ::}) or {@code localhost}
 *       listen host is bound to 127.0.0.1 (and reported so); any other non-loopback host is refused with a 400.</li>
 *   <li>JSON decoding messages follow encoding/json's wording only approximately, after the exact
 *       "bad request body: " prefix.</li>
 *   <li>A request head may be at most 64 KB (Go: 1 MB) and a body at most 1 MB (Go: no limit; here a 400 "bad
 *       request body: http: request body too large"). Answers carry no {@code X-Toxiproxy-Request-Id} header.</li>
 *   <li>Toxicity is rolled once per connection and toxic version (creation, update); Go also re-rolls the toxic
 *       before one that is added or removed. The timeout toxic's timer likewise starts once per version.</li>
 *   <li>reset_peer sets SO_LINGER 0 when it fires, so it also sends RST on connections opened before the toxic was
 *       added (Go sets linger only when a connection starts with the toxic present).</li>
 *   <li>slicer clamps degenerate settings (average_size below 1, size_variation of 0 or not below the average)
 *       instead of panicking or recursing forever.</li>
 *   <li>Upstream dials time out after 5 s. No /metrics endpoint, no TLS proxies.</li>
 * </ul>
 * Every engine thread is a daemon named "toxiproxy-embedded-...".
 * As in Toxiproxy: a client's FIN closes the whole upstream connection (no half-close), removing a timeout toxic
 * closes the connections it held, and the timeout toxic drops the data it stops.
 */
package socketlab.grader.toxiproxy.embedded;
