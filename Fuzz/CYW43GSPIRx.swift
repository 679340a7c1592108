import CYW43
import Runtime

// Fuzz target (Fuzz/README.md): the CYW43 gSPI receive path (docs/cyw43-bus.md §8.1) with
// every byte the chip returns (interrupt register, intstatus, STATUS words with F2
// lengths, F2 frames) taken from the input. Must terminate (rx bound) and never trap.
// Seeds: Fuzz/corpus/CYW43GSPIRx/ (one LINK event announced by STATUS, §1.5).


/// Serves reads from the fuzz input, zeros once it is used up.
// FuzzNullSink, FuzzPlatform, FuzzSink: Fuzz/Shared/CYW43/FuzzBootBus.swift.
final class ReplayTransport: GSPITransport {
    var input: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    var at = 0
    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
        for i in 0..<read.count {
            read[i] = at < input.count ? input[at] : 0
            at += 1
        }
        if at > input.count + 64 { throw .transferFailed }
    }
}

nonisolated(unsafe) let replay = ReplayTransport()
nonisolated(unsafe) let fuzzDriver: Driver<GSPIBus<ReplayTransport>> = {
    let d = Driver(bus: GSPIBus(transport: replay, platform: FuzzPlatform()), log: Log(FuzzNullSink()))
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
