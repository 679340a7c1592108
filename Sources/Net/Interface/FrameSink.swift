/// Where the interface's outbound Ethernet II frames go (docs/seams.md §4): the CYW43
/// driver's send path on a board, the simulated chip, a TAP device, or a test recorder.
/// The buffer is valid only during the call; the sink copies what it keeps.
public protocol FrameSink: AnyObject {
    func transmit(_ frame: UnsafeRawBufferPointer)
}
