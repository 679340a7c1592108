import Runtime
import Net

/// Bytes from a hex string; spaces and newlines are ignored.
func hex(_ s: String) -> [UInt8] {
    let digits = s.filter { !$0.isWhitespace }
    var out: [UInt8] = []
    var i = digits.startIndex
    while i < digits.endIndex {
        let j = digits.index(i, offsetBy: 2)
        out.append(UInt8(digits[i..<j], radix: 16)!)
        i = j
    }
    return out
}

/// Emits into a 0xA5-prefilled buffer of `count` bytes (house style §11).
func emitted(_ count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
    var buf = [UInt8](repeating: 0xA5, count: count)
    buf.withUnsafeMutableBytes { body($0) }
    return buf
}

/// docs/tko-offload.md §1.6 worked example: device a0:c9:a0:3d:d3:6a 192.168.0.15:3353 -> server
/// 11:22:33:44:55:66 192.168.0.10:3360, snd_nxt 0x12345678, rcv_nxt 0x9abcdef0, rcv_wnd 5983.
let exampleState = TcpOffloadState(
    localMAC: MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A), remoteMAC: MACAddress(0x11, 0x22, 0x33, 0x44, 0x55, 0x66),
    localIP: IPv4Address(192, 168, 0, 15).value, remoteIP: IPv4Address(192, 168, 0, 10).value,
    localPort: 3353, remotePort: 3360, sndNxt: 0x1234_5678, rcvNxt: 0x9ABC_DEF0, rcvWnd: 5983, ttl: 32)

/// §1.6: the request frame (seq = snd_nxt - 1).
let exampleRequest = hex("""
    112233445566 a0c9a03dd36a 0800 4500 0028 0000 0000 2006 1967 c0a8000f c0a8000a
    0d19 0d20 12345677 9abcdef0 5010 175f 1a7a 0000
    """)
/// §1.6: the response frame: seq 12345678 and TCP checksum 1a79.
let exampleResponse = hex("""
    112233445566 a0c9a03dd36a 0800 4500 0028 0000 0000 2006 1967 c0a8000f c0a8000a
    0d19 0d20 12345678 9abcdef0 5010 175f 1a79 0000
    """)
/// §1.6: the start of the iovar data after "tko\\0": wl_tko_t {subcmd 2, len 140}, then
/// wl_tko_connect_t (§1.5) with the pad shown as 0000, then the two frames.
let exampleConnectIovar = hex("""
    0200 8c00
    00 00 190d 200d 0000 78563412 f0debc9a 3600 3600 c0a8000f c0a8000a
    """) + exampleRequest + exampleResponse
