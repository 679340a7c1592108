// soak: a week (by default) of a hostile world on the virtual clock — server messages of
// every size, AP outages from 5 s to 2 h, server reboots, vanishings, FIN and RST — and the
// verdict: every host wake has a cause the world gave it, no queue or pool grows after the
// first day, every byte the server sent arrives whole, in order, exactly once, and the kit
// ends asleep and offloaded. Exits 1 with the findings otherwise.
//
//     swift run -c release soak [--days 7] [--seed N] [--board NAME] [--trace-day D]
//                               [--chip-faults trap,bus-error,corrupt,flow-control] [--no-pno]
//                               [--max-wakes-per-episode X] [--ioctl-latency-us N]
//
// After the days it prints what each episode cost in host wakes (by kind, by the ledger's
// reason and by what the host had been waiting for), then the totals and the host wakes per
// episode. --no-pno: the chip's firmware lacks preferred-network offload (the app backs off
// instead). --max-wakes-per-episode X: a finding if the run's wakes per episode exceed X.
// --ioctl-latency-us N: the chip model's firmware answers every ioctl N µs after the write
// (default 0); the CPU line at the end shows what the driver did meanwhile.
//
// --trace-day D runs to day D, lists its episodes, then steps it a minute at a time and
// prints the kit's serial log with the virtual time and every host wake (its reason and what
// the host was waiting for), every minute that took more than 50 ms
// of wall time (where a slow spot is), and writes the air capture to a pcap in /tmp.
import Foundation
import Runtime
import Boards
import App
import SimKit
import Simulation

func fail(_ s: String) -> Never {
    FileHandle.standardError.write(Data("soak: error: \(s)\n".utf8))
    exit(2)
}

/// One line to stdout now (print buffers when stdout is a pipe; a day's line should show
/// as the day ends).
func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

/// The kit's serial log: dropped, or (--trace-day) printed with the virtual time in hours.
final class TraceSink: LogSink {
    var enabled = false
    var clock: (() -> Double)?
    private var line: [UInt8] = []
    func write(_ byte: UInt8) {
        guard enabled else { return }
        if byte != 0x0A { line.append(byte); return }
        say(String(format: "  %.4f h  ", clock?() ?? 0) + String(decoding: line, as: UTF8.self))
        line.removeAll()
    }
}
let sink = TraceSink()


var days = 7
var seed: UInt64 = 0x50AC
var boardName: String?
var traceDay: Int?
var chipFaults: [ChipFault] = []
var firmwarePNO = true
var maxWakesPerEpisode: Double?
var ioctlLatency = Duration.zero
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--days":
        guard let v = args.popFirst().flatMap(Int.init), v > 0 else { fail("--days needs a positive number") }
        days = v
    case "--seed":
        guard let v = args.popFirst().flatMap({ UInt64($0) }) else { fail("--seed needs a number") }
        seed = v
    case "--board":
        guard let v = args.popFirst() else { fail("--board needs a value") }
        boardName = v
    case "--trace-day":
        guard let v = args.popFirst().flatMap(Int.init), v > 0 else { fail("--trace-day needs a day number") }
        traceDay = v
    case "--chip-faults":
        guard let v = args.popFirst() else { fail("--chip-faults needs a list") }
        for name in v.split(separator: ",") {
            switch name {
            case "trap": chipFaults.append(.firmwareTrap)
            case "bus-error": chipFaults.append(.failedTransfer)
            case "corrupt": chipFaults.append(.corruptFrame)
            case "flow-control": chipFaults.append(.flowControl(0b0000_0100))
            default: fail("--chip-faults: unknown fault '\(name)' (trap, bus-error, corrupt, flow-control)")
            }
        }
    case "--no-pno": firmwarePNO = false
    case "--max-wakes-per-episode":
        guard let v = args.popFirst().flatMap(Double.init), v > 0 else { fail("--max-wakes-per-episode needs a positive number") }
        maxWakesPerEpisode = v
    case "--ioctl-latency-us":
        guard let v = args.popFirst().flatMap({ Int64($0) }), v >= 0 else { fail("--ioctl-latency-us needs a number") }
        ioctlLatency = .microseconds(v)
    case "-h", "--help":
        say("usage: soak [--days 7] [--seed N] [--board NAME] [--trace-day D] [--chip-faults trap,bus-error,corrupt,flow-control] [--no-pno] [--max-wakes-per-episode X] [--ioctl-latency-us N]"); exit(0)
    default: fail("unknown option '\(a)'")
    }
}

let board: BoardConfig
do {
    if let boardName {
        board = try Boards.named(Array(boardName.utf8))
    } else { board = try Boards.default }
} catch { fail("board: \(error)") }

/// Resident set size (/proc/self/statm, pages x 4 KiB): grows if anything keeps growing.
func residentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = s.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

let plan = SoakPlan(seed: seed, days: days, chipFaults: chipFaults)
@MainActor func episodes(_ m: (SoakPlan.Episode) -> Bool) -> Int { plan.count(where: m) }
say("soak: \(String(decoding: board.kit, as: UTF8.self)), \(days) days, seed \(seed): \(plan.episodes.count) episodes —"
      + " \(plan.messages.count) messages (\(plan.messages.reduce(0) { $0 + $1.count }) bytes),"
      + " \(episodes { if case .apOutage = $0 { true } else { false } }) AP outages,"
      + " \(episodes { if case .serverReboot = $0 { true } else { false } }) server reboots,"
      + " \(episodes { if case .serverVanishes = $0 { true } else { false } }) server vanishings,"
      + " \(episodes { $0 == .serverCloses }) FIN, \(episodes { $0 == .serverResets }) RST"
      + (chipFaults.isEmpty ? "" : ", \(episodes { if case .chipFault = $0 { true } else { false } }) chip faults"))

let start = Date()
let run: SoakRun
do { run = try SoakRun(plan: plan, board: board, log: Log(sink), capturePcap: traceDay != nil, firmwarePNO: firmwarePNO, ioctlLatency: ioctlLatency) } catch { fail("kit: \(error)") }
let reasons = HostWakeReason.allCases
func column(_ r: HostWakeReason) -> Int { String(describing: r.key).count + 2 }
say("day  " + reasons.map { String(describing: $0.key).padding(toLength: column($0), withPad: " ", startingAt: 0) }.joined()
      + "ka_sent  ka_acked  bytes  joins  conns  timers  queued  sock_B  chip_q  rss_KB  wall_s")
var rss: [Int] = []
if let td = traceDay {
    do { try run.start() } catch { fail("\(error)") }
    for _ in 1..<td { run.runDay() }
    let t0 = run.firstSleep! + .hours(24 * Int64(td - 1))
    for e in plan.episodes where e.0 >= .hours(24 * Int64(td - 1)) - .hours(3) && e.0 < .hours(24 * Int64(td)) {
        say("episode at \(Double(e.0.microseconds) / 3.6e9) h: \(e.1)")
    }
    let first = run.firstSleep!
    sink.clock = { Double((run.kit.platform.now - first).microseconds) / 3.6e9 }
    sink.enabled = true
    run.onWake = { t, reason, activity in
        say(String(format: "  %.4f h  [host wake at %.3f s: ", sink.clock?() ?? 0, Double((t - first).microseconds) / 1e6)
              + "\(reason.key), waiting for \(activity.name)]")
    }
    var t = t0
    while t < t0 + .hours(24) {
        let w = Date()
        t = t + .minutes(1)
        run.kit.run(until: t)
        let dt = Date().timeIntervalSince(w)
        if dt > 0.05 { say("minute ending \(Double((t - run.firstSleep!).microseconds) / 3.6e9) h took \(dt) s, phase \(run.kit.phase), sched dispatched \(run.kit.scheduler.dispatched)") }
    }
    let pcap = FileManager.default.temporaryDirectory.appendingPathComponent("soak-day\(td).pcap")
    if let bytes = run.kit.world.pcap?.bytes {
        FileManager.default.createFile(atPath: pcap.path, contents: Data(bytes))
        say("air capture of the whole run: \(pcap.path)")
    }
    exit(0)
}
do {
    try run.run { d in
        rss.append(residentBytes())
        var line = String(format: "%3d  ", d.day)
        for r in reasons { line += String(d.hostWakes[Int(r.rawValue)]).padding(toLength: column(r), withPad: " ", startingAt: 0) }
        line += String(format: "%7d  %8d  %5d  %5d  %5d  %6d  %6d  %6d  %6d  %7d  %6.2f",
                       d.keepalivesSent, d.keepalivesAcked, d.bytesReceived, d.joins, d.connections,
                       d.sizes.armedTimers, d.sizes.queuedEvents, d.sizes.socketBytesQueued, d.sizes.chipFramesForHost,
                       rss.last! / 1024, Date().timeIntervalSince(start))
        say(line)
    }
} catch { fail("the kit never reached its first sleep: \(error)") }
let wall = Date().timeIntervalSince(start)

guard let t = run.total else { fail("no day ran") }
/// The episode's kind as the report groups it (AP outages by length: their recovery differs).
func kindLabel(_ e: SoakPlan.Episode) -> String {
    switch e {
    case .message: return "message"
    case .apOutage(let d): return d >= .seconds(60) ? "ap_outage \(d.seconds / 60) min" : "ap_outage \(d.seconds) s"
    case .serverReboot: return "server_reboot"
    case .serverVanishes: return "server_vanishes"
    case .serverCloses: return "server_fin"
    case .serverResets: return "server_rst"
    case .chipFault(let f): return "chip_fault \(f)"
    }
}
say("what each episode cost in host wakes (from its start to the next episode's), and what the host was waiting for:")
var order: [String] = []
var byKind: [String: (n: Int, cost: SoakRun.EpisodeCost, worst: Int)] = [:]
for (i, e) in plan.episodes.enumerated() {
    let k = kindLabel(e.1), c = run.episodeCosts[i]
    if byKind[k] == nil { order.append(k); byKind[k] = (0, SoakRun.EpisodeCost(), 0) }
    byKind[k]!.n += 1
    byKind[k]!.worst = max(byKind[k]!.worst, c.total)
    for j in c.wakes.indices { byKind[k]!.cost.wakes[j] += c.wakes[j] }
    for j in c.byActivity.indices { byKind[k]!.cost.byActivity[j] += c.byActivity[j] }
    byKind[k]!.cost.awake_us += c.awake_us
}
order.sort()
let activities = RecoveryActivity.allCases
for k in order {
    let v = byKind[k]!
    let reasonsText = reasons.filter { v.cost.wakes[Int($0.rawValue)] > 0 }.map { "\($0.key) \(v.cost.wakes[Int($0.rawValue)])" }
    let waitingText = activities.filter { v.cost.byActivity[Int($0.rawValue)] > 0 }.map { "\($0.name) \(v.cost.byActivity[Int($0.rawValue)])" }
    say("  " + k.padding(toLength: 18, withPad: " ", startingAt: 0)
          + String(format: " %3d x  %6.1f wakes each (worst %3d), %6.1f ms CPU each  ", v.n, Double(v.cost.total) / Double(v.n), v.worst,
                   v.cost.awake_us / Double(v.n) / 1000)
          + reasonsText.joined(separator: ", ") + (waitingText.isEmpty ? "" : "; waiting for: " + waitingText.joined(separator: ", ")))
}
if run.beforeFirstEpisode.total > 0 { say("  before the first episode: \(run.beforeFirstEpisode.total) wakes") }
var allActivity = [Int](repeating: 0, count: activities.count)
for c in run.episodeCosts + [run.beforeFirstEpisode] { for j in c.byActivity.indices { allActivity[j] += c.byActivity[j] } }
let appReasons = WakeReason.allCases.map { "\($0.name) \(t.appWakes[Int($0.rawValue)])" }.joined(separator: ", ")
say("total: host wakes \(t.hostWakes.reduce(0, +)) (" + reasons.map { "\($0.key) \(t.hostWakes[Int($0.rawValue)])" }.joined(separator: ", ") + ")")
say("      app wakes from offloaded sleep \(t.appWakes.reduce(0, +)) (\(appReasons))")
say("      keepalives \(t.keepalivesSent) sent / \(t.keepalivesAcked) acked; bytes \(t.bytesReceived); joins \(t.joins); connections \(t.connections)")
let power = run.kit.world.power
let dataWake = power.wakeCost(.data)
let figures = power.figures
let seedMs = 300 + figures.hostWakeOverhead_us / 1000   // LPA: NETWORK_SUSPEND_DELAY_MS + NETWORK_INACTIVE_WINDOW_MS, deep sleep locked
say(String(format: "      awake per data wake %.1f ms mean, %.1f ms max (%d wakes, %d short deep sleeps while up); host at 1 message/min %.1f uA (seed's windows, %.0f ms a wake: %.1f uA)",
             dataWake.mean_ms, dataWake.max_ms, dataWake.wakes, power.naps, dataWake.hostCurrent_uA(every: .seconds(60), figures),
             seedMs, WakeCost.hostCurrent_uA(awake_ms: seedMs, every: .seconds(60), figures)))
let split = run.dataWakeSplit
say(String(format: "      data wakes by episode: isolated messages %.1f ms mean, %.1f ms max (%d wakes; at 1 message/min %.1f uA, seed's windows %.1f uA); messages whose wake met a bus fault %.1f ms mean, %.1f ms max (%d wakes); repairs (FIN, RST, AP return ...) %.1f ms mean, %.1f ms max (%d wakes)",
             split.messages.mean_ms, split.messages.max_ms, split.messages.wakes,
             split.messages.hostCurrent_uA(every: .seconds(60), figures), WakeCost.hostCurrent_uA(awake_ms: seedMs, every: .seconds(60), figures),
             split.faultedMessages.mean_ms, split.faultedMessages.max_ms, split.faultedMessages.wakes,
             split.repairs.mean_ms, split.repairs.max_ms, split.repairs.wakes))
let cpuInWakes = (run.episodeCosts + [run.beforeFirstEpisode]).reduce(0) { $0 + $1.awake_us }
say(String(format: "      CPU in all host wakes %.0f ms (%.1f ms per episode)", cpuInWakes / 1000, cpuInWakes / 1000 / Double(max(1, plan.episodes.count))))
let cpu = run.kit.cpu, wakes = max(1, t.hostWakes.reduce(0, +))
say(String(format: "      CPU after the first sleep: busy-wait %.1f ms in %d delays (%.0f µs per host wake); short sleeps (WFI) %.1f ms in %d",
             Double(cpu.busyWait.microseconds) / 1e3, cpu.busyWaits, Double(cpu.busyWait.microseconds) / Double(wakes),
             Double(cpu.shortSleep.microseconds) / 1e3, cpu.shortSleeps))
let rssGrowth = rss.count > 1 ? rss.last! - rss.first! : 0
say(String(format: "      resident after day 1: %d KB, after day %d: %d KB (%+d B); wall %.2f s (%.0fx real time)",
             rss.first! / 1024, days, rss.last! / 1024, rssGrowth, wall, Double(days) * 86_400 / wall))

say(String(format: "host wakes per episode: %.1f (%d wakes, %d episodes); waiting for: ", run.wakesPerEpisode,
           t.hostWakes.reduce(0, +), plan.episodes.count)
      + activities.filter { allActivity[Int($0.rawValue)] > 0 }.map { "\($0.name) \(allActivity[Int($0.rawValue)])" }.joined(separator: ", "))
let findings = run.findings()
if let limit = maxWakesPerEpisode, run.wakesPerEpisode > limit {
    say(String(format: "soak: FINDING: %.2f host wakes per episode, more than %.2f", run.wakesPerEpisode, limit))
    for f in findings { say("soak: FINDING: \(f)") }
    exit(1)
}
if findings.isEmpty {
    // The network task's receive pool (frames of a bus pass, and every frame while the stack
    // sleeps): the most it held, against its size.
    let pool = run.kit.receivePool
    say("soak: passed (receive pool: at most \(pool.highWater) of \(pool.bytes) B held, 0 dropped)")
} else {
    for f in findings { say("soak: FINDING: \(f)") }
    exit(1)
}
