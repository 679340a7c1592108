import Runtime
import Simulation
import Net

/// A seeded week (or any number of days) of a hostile world for the soak run: server
/// messages of every size (1 byte, a window, more than a window), AP outages from 5 s to
/// 2 h, server reboots and vanishings, server FIN and RST; on request, now and then a chip
/// fault (firmware trap, failed bus transfer, corrupt frame, a flow-control stop of best effort). Episodes never overlap, and
/// each is followed by time to settle, so every message is sent on a healthy connection
/// and must arrive whole, in order, exactly once.
public struct SoakPlan {
    public enum Episode: Equatable {
        case message(bytes: Int)
        case apOutage(Duration)
        case serverReboot(down: Duration)
        case serverVanishes(Duration)
        case serverCloses
        case serverResets
        case chipFault(ChipFault)
    }

    public let seed: UInt64
    public let days: Int
    /// (start after the first sleep, what).
    public private(set) var episodes: [(Duration, Episode)] = []
    public private(set) var events: [ScriptedEvent] = []
    /// Every message in send order; each starts with a unique header "#<n>:".
    public private(set) var messages: [[UInt8]] = []

    /// Quiet time after an episode before the next may start: long enough for the slowest
    /// recovery (a rejoin attempt every 5 min at most after a long outage, DHCP, connect,
    /// the inactivity window).
    public static let settle = Duration.minutes(12)
    /// How long a flow-control episode (`--chip-faults flow-control`) holds best effort.
    public static let flowControlStop = Duration.seconds(3)

    /// `chipFaults`: the kinds of chip fault the plan may draw (none: a world of network
    /// trouble only).
    public init(seed: UInt64, days: Int, chipFaults: [ChipFault] = []) {
        self.seed = seed
        self.days = days
        var rng = SeededRandom(seed: seed)
        var faultRng = SeededRandom(seed: seed ^ 0xFA17_FA17_FA17_FA17)
        let end = Duration.hours(24 * Int64(days))
        var t = Duration.minutes(2)
        while true {
            t += Duration.seconds(Int64(rng.below(3 * 3600)) + 600)    // 10 min .. 3 h 10 min apart
            var e = Self.draw(&rng)
            // Chip faults come from a second generator, so a seed's world of network
            // trouble is the same with or without them.
            if !chipFaults.isEmpty, faultRng.below(100) < 6 { e = .chipFault(chipFaults[faultRng.below(chipFaults.count)]) }
            let busy = Self.length(of: e)
            guard t + busy + Self.settle < end else { break }
            add(e, at: t)
            t += busy + Self.settle
        }
    }

    private static func draw(_ rng: inout SeededRandom) -> Episode {
        switch rng.below(100) {
        case 0..<45:
            // A keepalive-sized poke, a few lines, a window or so, more than a window.
            let sizes = [1, 1 + rng.below(80), 200 + rng.below(1200), 1460 + rng.below(1500), 3000 + rng.below(4000)]
            return .message(bytes: sizes[rng.below(sizes.count)])
        case 45..<65:
            let outages: [Int64] = [5, 30, 120, 300, 1200, 7200]
            return .apOutage(.seconds(outages[rng.below(outages.count)]))
        case 65..<77: return .serverReboot(down: .seconds(Int64(60 + rng.below(840))))
        case 77..<85: return .serverVanishes(.seconds(Int64(5 + rng.below(60))))
        case 85..<93: return .serverCloses
        default: return .serverResets
        }
    }

    private static func length(of e: Episode) -> Duration {
        switch e {
        case .apOutage(let d), .serverReboot(let d), .serverVanishes(let d): return d
        case .chipFault(.flowControl): return flowControlStop + .seconds(1)
        default: return .zero
        }
    }

    private mutating func add(_ e: Episode, at t: Duration) {
        episodes.append((t, e))
        switch e {
        case .message(let n):
            let m = Self.message(number: messages.count, bytes: n)
            messages.append(m)
            events.append(ScriptedEvent(.afterFirstSleep(t), .serverSends(m)))
        case .apOutage(let d):
            events.append(ScriptedEvent(.afterFirstSleep(t), .apDisappears(0)))
            events.append(ScriptedEvent(.afterFirstSleep(t + d), .apReturns(0)))
        case .serverReboot(let d):
            events.append(ScriptedEvent(.afterFirstSleep(t), .serverDisappears))
            events.append(ScriptedEvent(.afterFirstSleep(t + d), .serverReturns(rebooted: true)))
        case .serverVanishes(let d):
            events.append(ScriptedEvent(.afterFirstSleep(t), .serverDisappears))
            events.append(ScriptedEvent(.afterFirstSleep(t + d), .serverReturns(rebooted: false)))
        case .serverCloses: events.append(ScriptedEvent(.afterFirstSleep(t), .serverCloses))
        case .serverResets: events.append(ScriptedEvent(.afterFirstSleep(t), .serverResets))
        case .chipFault(.flowControl(let bits)):
            // The firmware stops best effort; a message comes 1 s into the stop (the host's ACK
            // for it waits), and the bits are lifted `flowControlStop` after they were set.
            let m = Self.message(number: messages.count, bytes: 1 + (messages.count * 37) % 200)
            messages.append(m)
            events.append(ScriptedEvent(.afterFirstSleep(t), .chipFault(.flowControl(bits))))
            events.append(ScriptedEvent(.afterFirstSleep(t + .seconds(1)), .serverSends(m)))
            events.append(ScriptedEvent(.afterFirstSleep(t + Self.flowControlStop), .chipFault(.flowControl(0))))
        case .chipFault(let f): events.append(ScriptedEvent(.afterFirstSleep(t), .chipFault(f)))
        }
    }

    /// "#<n>:" then printable filler that depends on n, `bytes` long in all (a 1-byte
    /// message is just "#"... so it is matched by position alone).
    static func message(number n: Int, bytes: Int) -> [UInt8] {
        var m: [UInt8] = [0x23]
        var digits: [UInt8] = []
        var v = n
        repeat { digits.append(UInt8(0x30 + v % 10)); v /= 10 } while v > 0
        m += digits.reversed()
        m.append(0x3A)
        var i = 0
        while m.count < bytes { m.append(UInt8(0x61 + (n &+ i) % 26)); i += 1 }
        return Array(m.prefix(bytes))
    }

    public func count(where match: (Episode) -> Bool) -> Int { episodes.filter { match($0.1) }.count }
}

extension SeededRandom {
    /// Uniform enough in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next(in: 0...Int64(n - 1))) }
}
