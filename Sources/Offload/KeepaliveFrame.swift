import Runtime
import Net

/// The 54-byte Ethernet + IPv4 + TCP ACK frame LPA's `prep_packet` builds for the firmware
/// (docs/tko-offload.md §1.6), everything big-endian on the wire:
///
///     off size field
///       0   6  dst MAC (server, or the AP BSSID)
///       6   6  src MAC (our WLAN MAC)
///      12   2  EtherType 0x0800
///      14   1  0x45         IPv4, IHL 5
///      15   1  TOS 0
///      16   2  total length 40
///      18   2  ID 0
///      20   2  flags/fragment 0 (DF clear)
///      22   1  TTL          TcpOffloadState.ttl (LPA writes 32)
///      23   1  protocol 6
///      24   2  IPv4 header checksum
///      26   4  src IP
///      30   4  dst IP
///      34   2  TCP src port
///      36   2  TCP dst port
///      38   4  seq (request: snd_nxt - 1, response: snd_nxt)
///      42   4  ack = rcv_nxt
///      46   1  0x50         data offset 5 words
///      47   1  0x10         ACK only
///      48   2  window = rcv_wnd
///      50   2  TCP checksum (pseudo-header + 20-byte header)
///      52   2  urgent pointer 0
public enum KeepaliveFrame {
    private enum Layout {
        static let dstMAC = 0, srcMAC = 6, etherType = 12
        static let ip = 14, versionIHL = 14, tos = 15, totalLength = 16, id = 18, fragment = 20
        static let ttl = 22, proto = 23, ipChecksum = 24, srcIP = 26, dstIP = 30
        static let tcp = 34, srcPort = 34, dstPort = 36, seq = 38, ack = 42
        static let dataOffset = 46, flags = 47, window = 48, tcpChecksum = 50, urgent = 52
    }
    /// Bytes in the frame.
    public static let size = 54
    static let ipHeaderSize = 20, tcpHeaderSize = 20

    /// Writes the frame for `state` with sequence number `seq` into `buffer[0..<54]`; the
    /// caller has checked `buffer.count >= size`.
    public static func emit(_ state: TcpOffloadState, seq: UInt32, into b: UnsafeMutableRawBufferPointer) {
        state.remoteMAC.write(to: b, at: Layout.dstMAC)
        state.localMAC.write(to: b, at: Layout.srcMAC)
        put16(b, Layout.etherType, 0x0800)
        b[Layout.versionIHL] = 0x45
        b[Layout.tos] = 0
        put16(b, Layout.totalLength, UInt16(ipHeaderSize + tcpHeaderSize))
        put16(b, Layout.id, 0)
        put16(b, Layout.fragment, 0)
        b[Layout.ttl] = state.ttl
        b[Layout.proto] = 6
        put16(b, Layout.ipChecksum, 0)
        IPv4Address(state.localIP).write(to: b, at: Layout.srcIP)
        IPv4Address(state.remoteIP).write(to: b, at: Layout.dstIP)
        put16(b, Layout.srcPort, state.localPort)
        put16(b, Layout.dstPort, state.remotePort)
        put32(b, Layout.seq, seq)
        put32(b, Layout.ack, state.rcvNxt)
        b[Layout.dataOffset] = 0x50
        b[Layout.flags] = 0x10
        put16(b, Layout.window, state.rcvWnd)
        put16(b, Layout.tcpChecksum, 0)
        put16(b, Layout.urgent, 0)

        let ipHeader = UnsafeRawBufferPointer(rebasing: b[Layout.ip..<(Layout.ip + ipHeaderSize)])
        put16(b, Layout.ipChecksum, InternetChecksum.compute(ipHeader))
        let tcpHeader = UnsafeRawBufferPointer(rebasing: b[Layout.tcp..<(Layout.tcp + tcpHeaderSize)])
        let pseudo = InternetChecksum.pseudoHeader(source: IPv4Address(state.localIP),
                                                   destination: IPv4Address(state.remoteIP),
                                                   protocol: 6, length: UInt16(tcpHeaderSize))
        put16(b, Layout.tcpChecksum, InternetChecksum.finish(InternetChecksum.add(tcpHeader, to: pseudo)))
    }

    /// The frame as bytes.
    public static func bytes(_ state: TcpOffloadState, seq: UInt32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        out.withUnsafeMutableBytes { emit(state, seq: seq, into: $0) }
        return out
    }

    private static func put16(_ b: UnsafeMutableRawBufferPointer, _ o: Int, _ v: UInt16) {
        b[o] = UInt8(truncatingIfNeeded: v >> 8)
        b[o + 1] = UInt8(truncatingIfNeeded: v)
    }

    private static func put32(_ b: UnsafeMutableRawBufferPointer, _ o: Int, _ v: UInt32) {
        put16(b, o, UInt16(truncatingIfNeeded: v >> 16))
        put16(b, o + 2, UInt16(truncatingIfNeeded: v))
    }
}
