import Runtime
import Boards

/// What `tcp-keepalive run` passes to the real-hardware backend.
struct HardwareOptions {
    var boardName: String
    var board: BoardConfig
    var spidev: String?
    var gpiochip: String?
    var hostWakeLine: Int?
    var regOnLine: Int?
    var firmwareDirectory: String?
    var duration: Duration?
    var offload: Bool
}

/// Runs the application on a Linux board's CYW43 (spidev + libgpiod + firmware files).
/// SEAM: the lead connects this to the platforms helper's Linux backend; until then it
/// says so and fails.
func runOnHardware(_ options: HardwareOptions) throws(CommandError) {
    throw CommandError("run --board \(options.boardName): real-hardware mode is not connected in this build (runOnHardware)")
}
