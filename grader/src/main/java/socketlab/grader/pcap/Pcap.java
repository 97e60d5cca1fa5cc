package socketlab.grader.pcap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a classic libpcap file (the format tcpdump writes and Wireshark opens) of IPv4 or IPv6 packets carrying UDP
 * datagrams or TCP segments, with real headers and checksums (LINKTYPE_RAW: each record is an IP packet). The format
 * is small (a 24-byte file header, a 16-byte header per packet), and no pure-Java library that writes it is among the
 * kit's dependencies: pcap4j needs libpcap, the others are unmaintained. JDK only, so the relay's command can use it.
 */
public final class Pcap implements Closeable {

    /** Each record is an IPv4 or IPv6 packet, no link-layer header. */
    public static final int LINKTYPE_RAW = 101;
    /** tcpdump's default: more than any IP packet. */
    public static final int SNAPLEN = 262_144;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private static final int UDP = 17;
    private static final int TCP = 6;

    private final OutputStream out;
    private int ipId;

    /** Starts a capture on {@code out} (written through as packets come; closing closes {@code out}). */
    public Pcap(OutputStream out) throws IOException {
        this.out = out;
        ByteBuffer header = le(24);
        header.putInt(0xa1b2c3d4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(SNAPLEN)
                .putInt(LINKTYPE_RAW);
        out.write(header.array());
    }

    /** A UDP datagram from {@code src}:{@code srcPort} to {@code dst}:{@code dstPort} at {@code epochMicros}. */
    public synchronized void udp(
            long epochMicros,
            InetAddress src,
            int srcPort,
            InetAddress dst,
            int dstPort,
            byte[] payload,
            int fullLength)
            throws IOException {
        ByteBuffer udp = be(8 + payload.length);
        udp.putShort((short) srcPort)
                .putShort((short) dstPort)
                .putShort((short) (8 + fullLength))
                .putShort((short) 0)
                .put(payload);
        byte[] segment = udp.array();
        if (payload.length == fullLength) { // a checksum needs every byte
            int sum = checksum(pseudoHeader(src, dst, UDP, segment.length), segment);
            putShort(segment, 6, sum == 0 ? 0xffff : sum);
        }
        packet(epochMicros, src, dst, UDP, segment, 8 + fullLength);
    }

    /**
     * A TCP segment with these sequence and acknowledgement numbers and {@code flags} ({@link #SYN}, {@link #ACK},
     * ...).
     */
    public synchronized void tcp(
            long epochMicros,
            InetAddress src,
            int srcPort,
            InetAddress dst,
            int dstPort,
            long seq,
            long ack,
            int flags,
            byte[] payload,
            int fullLength)
            throws IOException {
        ByteBuffer tcp = be(20 + payload.length);
        tcp.putShort((short) srcPort)
                .putShort((short) dstPort)
                .putInt((int) seq)
                .putInt((flags & ACK) != 0 ? (int) ack : 0)
                .put((byte) (5 << 4))
                .put((byte) flags)
                .putShort((short) 65_535)
                .putShort((short) 0)
                .putShort((short) 0)
                .put(payload);
        byte[] segment = tcp.array();
        if (payload.length == fullLength) {
            putShort(segment, 16, checksum(pseudoHeader(src, dst, TCP, segment.length), segment));
        }
        packet(epochMicros, src, dst, TCP, segment, 20 + fullLength);
    }

    private void packet(
            long epochMicros, InetAddress src, InetAddress dst, int protocol, byte[] segment, int fullSegment)
            throws IOException {
        byte[] ip;
        int fullLength;
        if (src instanceof Inet6Address) {
            ByteBuffer h = be(40);
            h.putInt(6 << 28)
                    .putShort((short) fullSegment)
                    .put((byte) protocol)
                    .put((byte) 64)
                    .put(src.getAddress())
                    .put(dst.getAddress());
            ip = h.array();
            fullLength = 40 + fullSegment;
        } else {
            ByteBuffer h = be(20);
            h.put((byte) 0x45)
                    .put((byte) 0)
                    .putShort((short) (20 + fullSegment))
                    .putShort((short) (ipId++ & 0xffff))
                    .putShort((short) 0x4000)
                    .put((byte) 64)
                    .put((byte) protocol)
                    .putShort((short) 0)
                    .put(src.getAddress())
                    .put(dst.getAddress());
            ip = h.array();
            putShort(ip, 10, checksum(new byte[0], ip));
            fullLength = 20 + fullSegment;
        }
        ByteBuffer record = le(16);
        record.putInt((int) (epochMicros / 1_000_000))
                .putInt((int) (epochMicros % 1_000_000))
                .putInt(ip.length + segment.length)
                .putInt(fullLength);
        out.write(record.array());
        out.write(ip);
        out.write(segment);
    }

    private static byte[] pseudoHeader(InetAddress src, InetAddress dst, int protocol, int length) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(src.getAddress());
        h.writeBytes(dst.getAddress());
        if (src instanceof Inet6Address) {
            h.writeBytes(be(8).putInt(length).putInt(protocol).array());
        } else {
            h.writeBytes(be(4).put((byte) 0)
                    .put((byte) protocol)
                    .putShort((short) length)
                    .array());
        }
        return h.toByteArray();
    }

    /** The Internet checksum (RFC 1071) of {@code a} then {@code b}. */
    static int checksum(byte[] a, byte[] b) {
        long sum = 0;
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        for (int i = 0; i < all.length; i += 2) {
            int hi = all[i] & 0xff;
            int lo = i + 1 < all.length ? all[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void putShort(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 8);
        bytes[at + 1] = (byte) value;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer be(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
