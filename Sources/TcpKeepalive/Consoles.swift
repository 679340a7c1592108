import Runtime
import Simulation

/// Where a simulated run prints: the device's serial console (the CE's UART log, no
/// prefix), the echo server's console ("[server] "), and the keepalive trace of the air
/// side ("[air] ", at most `traceLimit` lines). Quiet runs (comparison, benchmark) print
/// nothing.
struct Consoles {
    let serialSink: ConsoleSink
    let serverSink: ConsoleSink
    let airSink: ConsoleSink
    var serial: Log { Log(serialSink) }
    var server: Log { Log(serverSink) }
    var air: Log { Log(airSink) }

    init(_ options: SimulatedKitOptions) {
        let r = options.verbose ? options.logRecorder : nil
        serialSink = ConsoleSink(enabled: options.verbose, recorder: r)
        serverSink = ConsoleSink(prefix: "[server] ", enabled: options.verbose, recorder: r)
        airSink = ConsoleSink(prefix: "[air] ", enabled: options.verbose, recorder: r)
        airSink.limit = options.traceLimit
    }

    /// Sends `world`'s keepalive trace to the air console.
    func trace(_ world: World) { world.keepalives.traceLog = air }
}
