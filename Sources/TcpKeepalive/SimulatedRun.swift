import Foundation
import Runtime
import Simulation

/// Runs the simulated kit, prints the summary, writes the requested files.
enum SimulatedRun {
    static func execute(_ options: SimulatedKitOptions, compare: Bool) throws(CommandError) {
        let result = try runSimulatedKit(options)
        var other: RunResult? = nil
        if compare {
            var o = options
            o.offload.toggle()
            o.verbose = false
            o.pcapPath = nil; o.reportPath = nil; o.svgPath = nil
            other = try? runSimulatedKit(o)
        }
        print(summary(result, duration: options.duration, comparison: other))
        try write(result, options)
    }

    static func write(_ r: RunResult, _ o: SimulatedKitOptions) throws(CommandError) {
        if let path = o.pcapPath, let bytes = r.pcap { try save(Data(bytes), path, "--pcap") }
        if let path = o.reportPath {
            let data: Data
            do { data = try RunReport(r).json() } catch { throw .badOption("--report", "cannot encode: \(error)") }
            try save(data + Data("\n".utf8), path, "--report")
        }
        if let path = o.svgPath {
            let title = "tcp-keepalive: \(r.board), offload \(r.offload ? "on" : "off"), \(DurationText.format(o.duration)) after first sleep"
            try save(Data(TimelineSVG.render(r, title: title).utf8), path, "--svg")
        }
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
        s += String(format: "Simulated:            %.1f s in %.2f s wall (%.0fx real time)\n", r.simulatedSeconds, r.wallSeconds, r.speed)
        s += "Host wake-ups:        \(p.hostWakeups) (\(TimelineSVG.byReason(p)))\n"
        s += "Keepalives on air:    \(r.keepalivesSent) sent, \(r.keepalivesAcked) acked"
        s += r.peerKeepalives > 0 ? ", \(r.peerKeepalives) from the server\n" : "\n"
        s += String(format: "Host awake:           %.3f s of %.1f s (%.4f %%)\n", p.hostAwakeSeconds, p.windowSeconds,
                    p.windowSeconds > 0 ? 100 * p.hostAwakeSeconds / p.windowSeconds : 0)
        s += "Bytes received (app): \(r.bytesReceived)\n"
        for c in r.connections { s += "Connection:           local port \(c.localPort) -> \(c.remoteAddress): \(c.finalState)\n" }
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
