import Foundation
import Runtime
import Simulation

/// One TCP connection of the application at the end of the run.
struct ConnectionReport: Codable, Equatable {
    var localPort: UInt16
    /// "a.b.c.d:port"
    var remoteAddress: String
    /// RFC 9293 state name as the App reports it ("ESTABLISHED", "CLOSED", ...).
    var finalState: String

    enum CodingKeys: String, CodingKey {
        case localPort = "local_port", remoteAddress = "remote_address", finalState = "final_state"
    }
}

/// What the App wiring reports back after a run (the lead's SimulatedKit fills it).
struct AppOutcome {
    /// Bytes the application read from its sockets.
    var bytesReceived = 0
    var connections: [ConnectionReport] = []
}

/// The numbers of one simulated run: what the summary prints and the JSON report holds,
/// plus the timeline and capture for the picture and the pcap file.
struct RunResult {
    var board: String
    var offload: Bool
    /// How the run ended: the application's phase at the end (`suspended` for a kit that
    /// slept) and, for a run that never reached its sleep loop, why.
    var outcome: RunOutcome = RunOutcome(phase: "suspended", failure: nil)
    /// Total virtual time, boot included.
    var simulatedSeconds: Double
    var power: PowerSummary
    var keepalivesSent: Int
    var keepalivesAcked: Int
    var peerKeepalives: Int
    var bytesReceived: Int
    var connections: [ConnectionReport]
    var wallSeconds: Double
    var figures: PowerFigures

    // Timeline and capture (not in the JSON).
    var endTime: Instant
    var hostIntervals: [PowerLedger.HostInterval]
    var chipIntervals: [PowerLedger.ChipInterval]
    var wakeTimes: [(Instant, HostWakeReason)]
    /// Added to virtual time in the pcap's timestamps (so wake times line up with it).
    var clockOffsetSeconds: UInt64 = 0
    var keepaliveTimes: [(at: Instant, acked: Bool)]
    var pcap: [UInt8]?

    /// Simulated seconds per wall-clock second.
    var speed: Double { wallSeconds > 0 ? simulatedSeconds / wallSeconds : .infinity }

    /// Closes `world`'s books at `now` and collects the numbers of the run (what the App
    /// wiring calls at the end; `app` holds what only the application knows).
    static func collect(options: SimulatedKitOptions, world: World, now: Instant, app: AppOutcome,
                        wallStart: Date) -> RunResult {
        let power = world.finish(at: now)
        let k = world.keepalives
        return RunResult(board: options.boardName, offload: options.offload,
                         simulatedSeconds: Double(now.microseconds) / 1e6, power: power,
                         keepalivesSent: k.keepalivesSent, keepalivesAcked: k.keepalivesAcked,
                         peerKeepalives: k.peerKeepalives, bytesReceived: app.bytesReceived,
                         connections: app.connections, wallSeconds: Date().timeIntervalSince(wallStart),
                         figures: world.power.figures, endTime: now,
                         hostIntervals: world.power.hostIntervals, chipIntervals: world.power.chipIntervals,
                         wakeTimes: world.power.wakeTimes,
                         clockOffsetSeconds: world.config.clockOffsetSeconds, keepaliveTimes: k.stationKeepaliveTimes,
                         pcap: world.pcap?.bytes)
    }
}

/// The end of a run, for the report, the picture and the exit status.
struct RunOutcome: Encodable, Equatable {
    /// `not_started` (the command line or the kit was refused), `booting`, `joining`,
    /// `waiting_for_address`, `connecting`, `running`, `suspended`, `halted`.
    var phase: String
    /// The one-line reason a failed run gives on stderr; nil when the kit reached its sleep loop.
    var failure: String?

    enum CodingKeys: String, CodingKey { case completed, phase, failure }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(failure == nil, forKey: .completed)
        try c.encode(phase, forKey: .phase)
        try c.encode(failure, forKey: .failure)      // null when the run completed
    }
}

/// The JSON report (`--report FILE`); key names are part of the interface.
struct RunReport: Encodable {
    struct ByReason: Encodable {
        var data, linkDown, keepaliveFailure, other, recovery, timer, spurious: Int
        enum CodingKeys: String, CodingKey {
            case data, linkDown = "link_down", keepaliveFailure = "keepalive_failure", other, recovery, timer, spurious
        }
    }
    /// One host wake: when (on the pcap's clock: virtual seconds + the pcap's offset) and why.
    struct Wake: Encodable {
        var at: Double
        var reason: String
    }
    struct Figures: Encodable {
        var hostActiveUA, hostDeepSleepUA, chipAssociatedIdleUA, chipReceiveUA, chipTransmitUA, chipDeepSleepUA: Double
        var assumptions: [String]
        enum CodingKeys: String, CodingKey {
            case hostActiveUA = "host_active_uA", hostDeepSleepUA = "host_deep_sleep_uA"
            case chipAssociatedIdleUA = "chip_associated_idle_uA", chipReceiveUA = "chip_receive_uA"
            case chipTransmitUA = "chip_transmit_uA", chipDeepSleepUA = "chip_deep_sleep_uA", assumptions
        }
    }
    var board: String
    var offload: Bool
    var outcome: RunOutcome
    var simulatedSeconds: Double
    var measuredSeconds: Double
    var wallSeconds: Double
    var hostWakeups: Int
    var hostWakeupsByReason: ByReason
    var hostWakes: [Wake]
    var hostAwakeSeconds: Double
    var keepalivesSent: Int
    var keepalivesAcked: Int
    var peerKeepalives: Int
    var bytesReceived: Int
    var averageHostCurrentUA: Double
    var averageChipCurrentUA: Double
    var averageTotalCurrentUA: Double
    var chipAssociatedIdleSeconds: Double
    var chipActiveSeconds: Double
    var chipUnassociatedSeconds: Double
    var connections: [ConnectionReport]
    var powerFigures: Figures
    /// What a data wake cost the CPU (awake to the next deep sleep, + overhead per wake and nap).
    var dataWakes: Int
    var dataWakeAwakeMsMean: Double
    var dataWakeAwakeMsMax: Double
    var shortDeepSleeps: Int
    /// The host's average current with one such data wake a minute, and with the seed's windows.
    var hostCurrentOneMessagePerMinuteUA: Double
    var hostCurrentOneMessagePerMinuteSeedUA: Double

    enum CodingKeys: String, CodingKey {
        case board, offload, connections, outcome
        case simulatedSeconds = "simulated_seconds", measuredSeconds = "measured_seconds", wallSeconds = "wall_seconds"
        case hostWakeups = "host_wakeups", hostWakeupsByReason = "host_wakeups_by_reason", hostWakes = "host_wakes"
        case hostAwakeSeconds = "host_awake_seconds", keepalivesSent = "keepalives_sent"
        case keepalivesAcked = "keepalives_acked", peerKeepalives = "peer_keepalives"
        case bytesReceived = "bytes_received"
        case averageHostCurrentUA = "average_host_current_uA", averageChipCurrentUA = "average_chip_current_uA"
        case averageTotalCurrentUA = "average_total_current_uA"
        case chipAssociatedIdleSeconds = "chip_associated_idle_seconds", chipActiveSeconds = "chip_active_seconds"
        case chipUnassociatedSeconds = "chip_unassociated_seconds", powerFigures = "power_figures"
        case dataWakes = "data_wakes", dataWakeAwakeMsMean = "data_wake_awake_ms_mean"
        case dataWakeAwakeMsMax = "data_wake_awake_ms_max", shortDeepSleeps = "short_deep_sleeps"
        case hostCurrentOneMessagePerMinuteUA = "host_current_1_message_per_minute_uA"
        case hostCurrentOneMessagePerMinuteSeedUA = "host_current_1_message_per_minute_seed_windows_uA"
    }

    init(_ r: RunResult) {
        let p = r.power
        board = r.board; offload = r.offload; outcome = r.outcome
        simulatedSeconds = r.simulatedSeconds; measuredSeconds = p.windowSeconds; wallSeconds = r.wallSeconds
        hostWakeups = p.hostWakeups
        hostWakeupsByReason = ByReason(data: p.wakeups(.data), linkDown: p.wakeups(.linkDown),
                                       keepaliveFailure: p.wakeups(.keepaliveFailure), other: p.wakeups(.other),
                                       recovery: p.wakeups(.recovery), timer: p.wakeups(.timer),
                                       spurious: p.wakeups(.spurious))
        hostWakes = r.wakeTimes.map { w in
            Wake(at: Double(w.0.microseconds) / 1e6 + Double(r.clockOffsetSeconds),
                 reason: w.1.key.withUTF8Buffer { String(decoding: $0, as: UTF8.self) })
        }
        hostAwakeSeconds = p.hostAwakeSeconds
        keepalivesSent = r.keepalivesSent; keepalivesAcked = r.keepalivesAcked; peerKeepalives = r.peerKeepalives
        bytesReceived = r.bytesReceived
        averageHostCurrentUA = p.averageHostCurrent_uA; averageChipCurrentUA = p.averageChipCurrent_uA
        averageTotalCurrentUA = p.averageTotalCurrent_uA
        chipAssociatedIdleSeconds = p.chipAssociatedIdleSeconds; chipActiveSeconds = p.chipActiveSeconds
        chipUnassociatedSeconds = p.chipUnassociatedSeconds
        connections = r.connections
        let f = r.figures
        let d = p.dataWakeCost
        dataWakes = d.wakes; dataWakeAwakeMsMean = d.mean_ms; dataWakeAwakeMsMax = d.max_ms
        shortDeepSleeps = p.naps
        hostCurrentOneMessagePerMinuteUA = d.hostCurrent_uA(every: .seconds(60), f)
        hostCurrentOneMessagePerMinuteSeedUA = WakeCost.hostCurrent_uA(awake_ms: SeedTiming.awakePerDataWake_ms(f), every: .seconds(60), f)
        powerFigures = Figures(hostActiveUA: f.hostActive_uA, hostDeepSleepUA: f.hostDeepSleep_uA,
                               chipAssociatedIdleUA: f.chipAssociatedIdle_uA, chipReceiveUA: f.chipReceive_uA,
                               chipTransmitUA: f.chipTransmit_uA, chipDeepSleepUA: f.chipDeepSleep_uA,
                               assumptions: PowerSources.assumptions)
    }

    func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }
}

/// Where the power figures come from, for the report and `--help` text.
enum PowerSources {
    static let assumptions = [
        "host_deep_sleep_uA: PSoC 63 datasheet SIDDS1 7 uA typ + WCO/RTC 0.38 uA (Infineon community thread 35250); PSoC 62 assumed equal",
        "host_active_uA: ASSUMPTION (no PSoC 6 active-current figure in the references; 5.5 mA for CM4 at 100 MHz)",
        "host wake overhead: ASSUMPTION 1 ms of CPU per wake not visible on the virtual clock (deep-sleep exit <= 25 us per datasheet, plus ISR and SDIO transfer)",
        "chip_associated_idle_uA: CYW43012 measured 112.6 uA at 2.4 GHz DTIM 3 (mtb-example-wifi-wlan-lowpower README); used for every chip (ASSUMPTION for 4343W/43439)",
        "chip_receive_uA, chip_transmit_uA, airtime and PM2 return-to-sleep while awake: ASSUMPTIONS (no CYW43xxx datasheet figure in the references)",
        "pm2 return-to-sleep while the host sleeps: 10 ms (LPA_PM2_SLEEP_RET_TIME)",
    ]
}

/// The seed's cost of a data wake, for comparison: LPA's windows keep the MCU up (deep sleep
/// locked) for at least NETWORK_SUSPEND_DELAY_MS + NETWORK_INACTIVE_WINDOW_MS (100 + 200 ms,
/// docs/tko-offload.md §6.3), plus the wake overhead.
enum SeedTiming {
    static func awakePerDataWake_ms(_ f: PowerFigures) -> Double { 300 + f.hostWakeOverhead_us / 1000 }
}
