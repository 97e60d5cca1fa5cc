/**
 * A seeded UDP impairment relay for grading socket programs (Toxiproxy only proxies TCP).
 *
 * <p>{@link socketlab.grader.relay.UdpRelay} sits between UDP clients and a server on 127.0.0.1 and applies an
 * {@link socketlab.grader.relay.Impairment} (loss, delay and jitter, duplication, reordering, corruption, rate limit,
 * maximum size) to each direction. Its random decisions replay exactly from the seed, it counts what it did
 * ({@link socketlab.grader.relay.RelayStats}) and logs each datagram's fate
 * ({@link socketlab.grader.relay.RelayEvent}) so a grader can compare a student's output with what really happened.
 * The kit's {@code bench-udp-relay} command measures it.
 */
package socketlab.grader.relay;
