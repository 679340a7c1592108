/// Where the interface's outbound Ethernet II frames go (docs/seams.md §4): the CYW43
/// driver's send path on a board, the simulated chip, a TAP device, or a test recorder.
/// The buffer is valid only during the call; the sink copies what it keeps.
public protocol FrameSink: AnyObject {
    func transmit(_ frame: UnsafeRawBufferPointer)
    /// Hands a frame down and says whether it was taken: false is back-pressure (the driver's
    /// transmit queues are full), and the sender keeps what it sent to try again later. The
    /// default takes everything (`transmit`).
    func offer(_ frame: UnsafeRawBufferPointer) -> Bool
}

extension FrameSink {
    public func offer(_ frame: UnsafeRawBufferPointer) -> Bool { transmit(frame); return true }
}
