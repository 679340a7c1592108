import Foundation
import Runtime
import Simulation

/// Runs the simulated kit, prints the summary, writes the requested files.
enum SimulatedRun {
    /// Runs, prints the summary and writes every file asked for, also when the kit never
    /// reaches its sleep loop (then the report says how far it got and why, and the
    /// failure is thrown after the files are written).
    static func execute(_ options: SimulatedKitOptions, compare: Bool) throws(CommandError) {
        let result: RunResult
        do throws(CommandError) { result = try runSimulatedKit(options) } catch {
            writeNotStarted(pcap: options.pcapPath, report: options.reportPath, svg: options.svgPath,
                            log: options.logPath, board: options.boardName, failure: error)
            throw error
        }
        var other: RunResult? = nil
        if compare && result.outcome.failure == nil {
            var o = options
            o.offload.toggle()
            o.verbose = false
            o.pcapPath = nil; o.reportPath = nil; o.svgPath = nil; o.logPath = nil; o.logRecorder = nil
            other = try? runSimulatedKit(o)
        }
        print(summary(result, duration: options.duration, comparison: other))
        if let f = result.outcome.failure {
            options.logRecorder?.append(line: "tcp-keepalive: error: \(f)")
        }
        try write(result, options)
        if let f = result.outcome.failure { throw CommandError(f) }
    }

    static func write(_ r: RunResult, _ o: SimulatedKitOptions) throws(CommandError) {
        if let path = o.pcapPath, let bytes = r.pcap { try save(Data(bytes), path, "--pcap") }
        if let path = o.reportPath {
            let data: Data
            do { data = try RunReport(r).json() } catch { throw .badOption("--report", "cannot encode: \(error)") }
            try save(data + Data("\n".utf8), path, "--report")
        }
        if let path = o.svgPath {
            var title = "tcp-keepalive: \(r.board), offload \(r.offload ? "on" : "off"), \(DurationText.format(o.duration)) after first sleep"
            if let f = r.outcome.failure { title = "tcp-keepalive: \(r.board): FAILED while \(r.outcome.phase): \(f)" }
            try save(Data(TimelineSVG.render(r, title: title).utf8), path, "--svg")
        }
        if let path = o.logPath, let log = o.logRecorder { try save(Data(log.text.utf8), path, "--log") }
    }

    /// The files of a run that never started (a refused option, an unknown board, a kit
    /// that could not be built): each one says so, so a script that reads them finds the
    /// reason instead of nothing. Best effort: a path that cannot be written is skipped
    /// (the original error is the one to report).
    static func writeNotStarted(pcap: String?, report: String?, svg: String?, log: String?,
                                board: String, failure: CommandError) {
        if let pcap { try? save(Data(PcapWriter().bytes), pcap, "--pcap") }
        if let report {
            let r = NotStartedReport(board: board, outcome: RunOutcome(phase: "not_started", failure: failure.message))
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            if let d = try? e.encode(r) { try? save(d + Data("\n".utf8), report, "--report") }
        }
        if let svg { try? save(Data(TimelineSVG.notStarted(board: board, reason: failure.message).utf8), svg, "--svg") }
        if let log { try? save(Data("tcp-keepalive: error: \(failure.message)\n".utf8), log, "--log") }
    }

    static func save(_ data: Data, _ path: String, _ option: String) throws(CommandError) {
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw .badOption(option, "cannot write \(path): \((error as NSError).localizedDescription)")
        }
    }

    static func summary(_ r: RunResult, duration: Duration, comparison: RunResult?) -> String {
        let p = r.power
        func ua(_ v: Double) -> String { v >= 1000 ? String(format: "%.2f mA", v / 1000) : String(format: "%.1f µA", v) }
        var s = "\n=== Summary: \(r.board), offload \(r.offload ? "on" : "off"), \(DurationText.format(duration)) after the first sleep ===\n"
        if let f = r.outcome.failure {
            s = "\n=== Summary: \(r.board), offload \(r.offload ? "on" : "off"): FAILED while \(r.outcome.phase) ===\n"
            s += "Failure:              \(f)\n"
        }
        s += String(format: "Simulated:            %.1f s in %.2f s wall (%.0fx real time)\n", r.simulatedSeconds, r.wallSeconds, r.speed)
        s += "Host wake-ups:        \(p.hostWakeups) (\(TimelineSVG.byReason(p)))\n"
        s += "Keepalives on air:    \(r.keepalivesSent) sent, \(r.keepalivesAcked) acked"
        s += r.peerKeepalives > 0 ? ", \(r.peerKeepalives) from the server\n" : "\n"
        s += String(format: "Host awake:           %.3f s of %.1f s (%.4f %%)\n", p.hostAwakeSeconds, p.windowSeconds,
                    p.windowSeconds > 0 ? 100 * p.hostAwakeSeconds / p.windowSeconds : 0)
        let d = p.dataWakeCost
        if d.wakes > 0 {
            s += String(format: "Awake per data wake:  %.1f ms mean, %.1f ms max (%d wakes, %d short deep sleeps while up)\n",
                        d.mean_ms, d.max_ms, d.wakes, p.naps)
        }
        let seed = SeedTiming.awakePerDataWake_ms(r.figures)
        s += "At 1 message/min:     host \(ua(d.wakes > 0 ? d.hostCurrent_uA(every: .seconds(60), r.figures) : r.figures.hostDeepSleep_uA))"
        s += d.wakes > 0 ? " (this run's data wakes)" : " (no data wake in this run)"
        s += String(format: "; seed's windows (%.0f ms a wake): ", seed) + ua(WakeCost.hostCurrent_uA(awake_ms: seed, every: .seconds(60), r.figures)) + "\n"
        s += "Bytes received (app): \(r.bytesReceived)\n"
        for c in r.connections { s += "Connection:           local port \(c.localPort) -> \(c.remoteAddress): \(c.finalState)\n" }
        if r.outcome.failure != nil {
            // No sleep loop, so no measurement window: no current estimate.
            s += "Evidence:             the serial log above; --log, --pcap, --report and --svg hold it too\n"
            return s
        }
        s += "Est. average current: host \(ua(p.averageHostCurrent_uA)) + Wi-Fi \(ua(p.averageChipCurrent_uA)) = \(ua(p.averageTotalCurrent_uA)) (offload \(r.offload ? "on" : "off"))\n"
        if let c = comparison {
            let q = c.power
            s += "                      host \(ua(q.averageHostCurrent_uA)) + Wi-Fi \(ua(q.averageChipCurrent_uA)) = \(ua(q.averageTotalCurrent_uA)) (offload \(c.offload ? "on" : "off"), same scenario: \(q.hostWakeups) wakes, \(String(format: "%.3f", q.hostAwakeSeconds)) s awake)\n"
        }
        let f = r.figures
        s += "Figures: PSoC 6 deep sleep \(ua(f.hostDeepSleep_uA)) (datasheet SIDDS1), CM4 active \(ua(f.hostActive_uA)) (ASSUMPTION), "
        s += "Wi-Fi PM2 idle \(ua(f.chipAssociatedIdle_uA)) (CYW43012 measured, DTIM 3), rx/tx \(ua(f.chipReceive_uA))/\(ua(f.chipTransmit_uA)) (ASSUMPTIONS)\n"
        return s
    }
}

/// The report of a run that never started: the board asked for and why.
struct NotStartedReport: Encodable {
    var board: String
    var outcome: RunOutcome
}
