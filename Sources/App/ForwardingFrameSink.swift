import Net

/// The stack's `FrameSink` for a `NetworkService`: a plain class that forwards each frame
/// to a closure. The service does not hand the stack itself as `any FrameSink`: that
/// existential needs a specialised witness table for `NetworkService<Bus>: FrameSink`, whose
/// thunk Embedded Swift emits as a <serialized> specialisation, and everything it reaches
/// (the driver's send path, the Runner's stall and drop accounting) then exists twice in the
/// image beside the copies the poll path calls (2.4 KB of a kit image's flash). This class
/// is not generic, so its witness table is made once, in this module.
final class ForwardingFrameSink: FrameSink {
    private let forward: (UnsafeRawBufferPointer) -> Bool

    /// `forward` returns whether the frame was taken (false: back-pressure).
    init(_ forward: @escaping (UnsafeRawBufferPointer) -> Bool) { self.forward = forward }

    func transmit(_ frame: UnsafeRawBufferPointer) { _ = forward(frame) }
    func offer(_ frame: UnsafeRawBufferPointer) -> Bool { forward(frame) }
}
