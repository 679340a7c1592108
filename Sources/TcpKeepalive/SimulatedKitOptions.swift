import Runtime
import Boards
import Simulation

/// A static address for the device (`--static A.B.C.D/N --gateway G`).
struct StaticAddress: Equatable {
    var address: IPv4Address
    var prefixLength: Int
    var gateway: IPv4Address?
    var netmask: IPv4Address {
        IPv4Address(prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength))
    }
}

/// Everything one simulated run needs, resolved from the command line (see
/// `TcpKeepaliveCommand.Simulate`). The App wiring reads `board` (what the DEVICE is
/// configured with, overrides applied) and `world` (the virtual world, whose AP keeps
/// the board file's credentials, so a wrong `--passphrase` fails to join as a real AP
/// would).
struct SimulatedKitOptions {
    var boardName: String
    var board: BoardConfig
    var world: WorldConfig
    /// How long to run after the host's first deep sleep.
    var duration: Duration
    /// Offload keepalives to the Wi-Fi firmware (false: the host's own TCP keepalive).
    var offload: Bool = true
    var staticAddress: StaticAddress? = nil
    /// Pace the virtual clock to wall time.
    var realtime: Bool = false
    /// Bridge the radio side to this TAP interface (implies realtime).
    var tap: String? = nil
    var pcapPath: String? = nil
    var reportPath: String? = nil
    var svgPath: String? = nil
    /// `--log FILE`: every console line of the run (nil: not asked for).
    var logPath: String? = nil
    var logRecorder: LogRecorder? = nil
    var script: [ScriptedEvent] = []
    /// Keepalive trace lines printed (the rest are counted).
    var traceLimit: Int = 40
    /// Print the serial log and traces (false for benchmark and comparison runs).
    var verbose: Bool = true
    /// Seed for every random choice in the run (TCP ISNs, DHCP xids).
    var seed: UInt64 = 1

    init(boardName: String, board: BoardConfig, world: WorldConfig, duration: Duration) {
        self.boardName = boardName; self.board = board; self.world = world; self.duration = duration
    }
}
