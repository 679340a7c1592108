import CYW43
import Runtime

/// The SDIO far side for driver tests (docs/cyw43-bus.md §2): CCCR on F0, and the F1/F2 firmware
/// side of `FakeGSPIChip` (registers, backplane memory, ioctl answers). F2 reads are served
/// as a byte stream so the driver's 4-byte tag + rest reads work (§8.3). Records one text
/// line per command.
final class FakeSDIOChip: SDIOTransport {
    let core = FakeGSPIChip()
    var transcript: [String] = []
    var cccr: [UInt32: UInt8] = [0x13: 0x01]  // SPEED_CONTROL: SHS
    /// The bus timing the host controller chose (nil: the transport owns the card's speed).
    var highSpeed: Bool? = nil
    private var f2Stream: [UInt8] = []

    init() {
        core.record = false
        core.word32 = true
        core.frameIndication = true
        core.chipID = 0x0001_A9A6  // 43430 rev 1 (CYW4343W)
    }

    func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
        var result: UInt8 = 0
        switch function {
        case 0:
            if write { cccr[address] = value }
            result = cccr[address] ?? 0
            if address == 0x03 { result = (cccr[0x02] ?? 0) & 0x06 }  // IORDY follows IOEN
        default:
            if write { core.handleWrite(fn: UInt32(function), addr: address, len: 1, data: [value]) }
            result = core.handleRead(fn: UInt32(function), addr: address, len: 1).first ?? 0
        }
        transcript.append("CMD52 " + (write ? "W" : "R") + " F\(function) " + core.hex(address, 5)
                          + (write ? " = " + core.bytes([value]) : "") + " -> " + core.bytes([result]))
        return result
    }

    func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool, blockSize: Int,
               buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        let n = buffer.count
        var line = "CMD53 " + (write ? "W" : "R") + " F\(function) " + core.hex(address, 5) + " n=\(n)"
        if blockSize > 0 { line += " blocks=\(n / blockSize)x\(blockSize)" }
        if write {
            let data = Array(buffer)
            core.handleWrite(fn: UInt32(function), addr: address, len: n, data: data)
            line += " | " + core.bytes(data)
        } else {
            var data: [UInt8]
            if function == 2 {
                if f2Stream.isEmpty, !core.toHost.isEmpty { f2Stream = core.toHost.removeFirst() }
                data = Array(f2Stream.prefix(n))
                f2Stream.removeFirst(min(n, f2Stream.count))
            } else {
                data = core.handleRead(fn: UInt32(function), addr: address, len: n)
            }
            for i in 0..<n { buffer[i] = i < data.count ? data[i] : 0 }
            line += " -> " + core.bytes(Array(buffer))
        }
        transcript.append(line)
    }
}
