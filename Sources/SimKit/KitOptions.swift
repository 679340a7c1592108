import Runtime
import Boards
import App
import ChipModel
import Simulation
import ChipBridge
import CYW43

/// What a simulated run of the kit is made of: the board (with the user's overrides
/// already applied), offload on or off, how long to run after the first deep sleep, the
/// world's access point and scripted events.
public struct KitOptions {
    public var board: BoardConfig
    /// Hand the connections to the firmware (the example) or keep them alive from the host.
    public var offload = true
    /// Run this long after the host's first deep sleep (nil: stop after the first sleep).
    public var duration: Duration? = .hours(1)
    /// Seeds TCP sequence numbers and DHCP transaction ids.
    public var seed: UInt64 = 0x5EED
    /// Keep a pcap of the air side.
    public var capturePcap = false
    /// The world's AP; nil = one AP with the board's Wi-Fi credentials.
    public var accessPoint: VirtualAP?
    /// DHCP lease length of the virtual LAN. 8 days (Windows Server's default scope
    /// lease) keeps a day-long run free of renewals; fault tests shorten it.
    public var leaseSeconds: UInt32 = 8 * 86_400
    /// Scripted world events (server data, resets, AP loss...).
    public var events: [ScriptedEvent] = []
    /// Fixed address instead of DHCP.
    public var address: AppSettings.AddressMode = .dhcp
    /// Added to virtual time in pcap timestamps and trace lines.
    public var clockOffsetSeconds: UInt64 = 0
    /// A real network for the air side (the executable's TAP bridge), or nil.
    public var external: (any ExternalLink)?
    /// Where the echo server (the seed's tcp_server.py) prints its lines, or nil.
    public var serverLog: Log?
    /// Give up if the kit has not reached its first deep sleep after this long.
    public var bootLimit: Duration = .minutes(10)
    /// Expected idle time from which the MCU enters deep sleep and a wake-up counts
    /// (shorter sleeps count as awake time: conservative for the energy estimate).
    public var deepSleepThreshold: Duration = .seconds(1)
    /// The chip's firmware has the keepalive / ARP / packet-filter offloads (false: an
    /// older firmware that answers them "unsupported"; the app falls back to the host).
    public var firmwareOffloads = true
    /// The chip's firmware has preferred-network offload (the "pfn" iovars; false: a build
    /// without it, which answers them BCME_UNSUPPORTED and the app backs off instead).
    public var firmwarePNO = true
    /// A real clock to run on (a board's timer and WFI idle: `VirtualPlatform(steppedBy:)`),
    /// or nil for the virtual clock. On a real clock the chip model and the world are
    /// stepped at their deadlines in real time.
    public var hostClock: (any InterruptingPlatform)?
    /// Brackets every call into the chip model and every stretch in which the world and the
    /// chip are stepped (the host's sleeps and delays), so a counting allocator can tell the
    /// device's own allocations from the simulated hardware's (nil: nothing brackets them).
    public var hardwareScope: HardwareScope?
    /// How long the chip model's firmware takes to answer an ioctl (`ChipTiming.ioctlLatency`;
    /// zero: the reply is queued while the host's write runs). Real firmware takes a while;
    /// the driver must sleep, not spin, meanwhile.
    public var ioctlLatency: Duration = .zero
    /// Replaces how the driver waits for the chip (the app's `SchedulerWaiter`): a benchmark's
    /// stand-in for the old busy 1 ms poll, to measure what sleeping saves (nil: the app's).
    public var chipWaiter: (any ChipWaiter)?
    /// Changes applied to the world's configuration after it is derived from the board.
    public var worldTweak: ((inout WorldConfig) -> Void)?
    /// Changes applied to the application's settings after they are derived from the board.
    public var appTweak: ((inout AppSettings) -> Void)?

    public init(board: BoardConfig) { self.board = board }
}
