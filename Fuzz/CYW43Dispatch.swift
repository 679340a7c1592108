import CYW43
import Runtime

// Fuzz target (Fuzz/README.md): one received F2 frame through the CYW43 runner's
// dispatch (SDPCM §4.1 -> CDC §5.1 / BDC §5.3 -> event §6.1 / data). Every input must be
// counted or delivered; none may trap. Seeds: Fuzz/corpus/CYW43Dispatch/ (frames built
// from the docs/cyw43-bus.md §4.1/§5.1/§6.1 layouts: control reply, LINK event, data, credit-only).

final class FuzzNullSink: LogSink { func write(_ byte: UInt8) {} }
final class FuzzNullTransport: GSPITransport {
    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {}
}
final class FuzzNullPlatform: Platform {
    var now = Instant.zero
    func sleep(until deadline: Instant?) {}
    func setAlarm(_ deadline: Instant) {}   // no scheduler in this harness: no alarm to raise
    func delay(_ duration: Duration) { now += duration }
}
final class FuzzSink: FrameReceiver { func receive(frame: UnsafeRawBufferPointer) { _ = frame.first } }

nonisolated(unsafe) let fuzzDriver: Driver<GSPIBus<FuzzNullTransport>> = {
    let d = Driver(bus: GSPIBus(transport: FuzzNullTransport(), platform: FuzzNullPlatform()), log: Log(FuzzNullSink()))
    d.receiver = FuzzSink()
    return d
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzDriver.runner.dispatch(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
