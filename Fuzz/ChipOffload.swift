// Fuzz target: the chip model's firmware offloads (Sources/ChipModel/Offload) against
// untrusted input: tko / ARP / packet-filter iovars from the host and frames from the air.
// Input: byte 0 picks the operation, the rest is its payload. Nothing may trap.
// Seeds: Fuzz/corpus/ChipOffload/ (the docs/tko-offload.md §1.6 CONNECT record, a keepalive ACK).
import ChipModel
import Runtime

nonisolated(unsafe) let fuzzChip = ChipModel(chip: .cyw43439, bus: .gspi)
nonisolated(unsafe) let fuzzOffloads = FirmwareOffloads.install(on: fuzzChip)
nonisolated(unsafe) var fuzzClock: UInt64 = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChipOffload(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let op = data[0]
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let o = fuzzOffloads
    switch op % 8 {
    case 0: _ = o.keepalive.setIovar(name: Array("tko".utf8), value: rest, chip: fuzzChip)
    case 1: _ = o.keepalive.getIovar(name: Array("tko".utf8), params: rest, chip: fuzzChip)
    case 2: _ = o.keepalive.interceptFromAir(rest, chip: fuzzChip)
    case 3: _ = o.arp.setIovar(name: Array("arp_hostip".utf8), value: rest, chip: fuzzChip)
            _ = o.arp.setIovar(name: Array("arp_ol".utf8), value: [0x0F, 0, 0, 0], chip: fuzzChip)
            _ = o.arp.setIovar(name: Array("arpoe".utf8), value: [1, 0, 0, 0], chip: fuzzChip)
    case 4: _ = o.arp.interceptFromAir(rest, chip: fuzzChip)
    case 5: _ = o.packetFilter.setIovar(name: Array("pkt_filter_add".utf8), value: rest, chip: fuzzChip)
            if rest.count >= 4 {
                _ = o.packetFilter.setIovar(name: Array("pkt_filter_enable".utf8),
                                            value: Array(rest[0..<4]) + [1, 0, 0, 0], chip: fuzzChip)
            }
    case 6: _ = o.packetFilter.interceptFromAir(rest, chip: fuzzChip)
    default:
        // Let time pass: keepalive timers fire.
        fuzzClock &+= UInt64(rest.first ?? 1) &* 1_000_000
        fuzzChip.advance(to: Instant(microseconds: fuzzClock))
    }
    return 0
}
