import CYW43
import Runtime

// Fuzz target (Fuzz/README.md): the CYW43 SDIO receive path (docs/cyw43-bus.md §8.3, §2.5) with
// every byte the card returns taken from the input: the intstatus word (and the to-host
// mailbox data when I_HMB_HOST_INT is set), then per frame the 4-byte frame tag (length,
// ~length; the start of the SDPCM header, §4.1) and the rest of the frame (64-byte blocks
// when >= 64). CMD52 reads take one input byte, CMD53 reads `count` bytes; writes take
// nothing. Must terminate (rx bound) and never trap. The gSPI twin is CYW43GSPIRx.
// Seeds: Fuzz/corpus/CYW43SDIORx/ (one LINK event frame, §6.1, after intstatus 0x40).


/// Serves reads from the fuzz input, zeros once it is used up.
// FuzzNullSink, FuzzPlatform, FuzzSink: Fuzz/Shared/CYW43/FuzzBootBus.swift.
final class ReplaySDIO: SDIOTransport {
    var input = UnsafeRawBufferPointer(start: nil, count: 0)
    var at = 0
    private func next() -> UInt8 {
        defer { at += 1 }
        return at < input.count ? input[at] : 0
    }
    func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
        if write { return value }
        if at > input.count + 64 { throw .transferFailed }
        return next()
    }
    func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool, blockSize: Int,
               buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        if write { return }
        if at > input.count + 64 { throw .transferFailed }
        for i in 0..<buffer.count { buffer[i] = next() }
    }
}

nonisolated(unsafe) let replay = ReplaySDIO()
nonisolated(unsafe) let fuzzDriver: Driver<SDIOBus<ReplaySDIO>> = {
    let d = Driver(bus: SDIOBus(transport: replay, platform: FuzzPlatform()), log: Log(FuzzNullSink()))
    d.receiver = FuzzSink()
    return d
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    replay.input = UnsafeRawBufferPointer(start: data, count: size)
    replay.at = 0
    fuzzDriver.runner.service()
    return 0
}
