import CYW43
import Runtime

// Fuzz target (Fuzz/README.md): one received F2 frame through the CYW43 runner's
// dispatch (SDPCM §4.1 -> CDC §5.1 / BDC §5.3 -> event §6.1 / data). Every input must be
// counted or delivered; none may trap. Seeds: Fuzz/corpus/CYW43Dispatch/ (frames built
// from the docs/cyw43-bus.md §4.1/§5.1/§6.1 layouts: control reply, LINK event, data, credit-only).

// FuzzNullSink, FuzzPlatform, FuzzSink: Fuzz/Shared/CYW43/FuzzBootBus.swift.
final class FuzzNullTransport: GSPITransport {
    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {}
}

nonisolated(unsafe) let fuzzDriver: Driver<GSPIBus<FuzzNullTransport>> = {
    let d = Driver(bus: GSPIBus(transport: FuzzNullTransport(), platform: FuzzPlatform()), log: Log(FuzzNullSink()))
    d.receiver = FuzzSink()
    return d
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzDriver.runner.dispatch(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
