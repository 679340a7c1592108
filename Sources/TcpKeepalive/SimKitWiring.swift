import Foundation
import Runtime
import Net
import App
import ChipModel
import Simulation
import SimKit

/// The simulated kit through SimKit (the lead's App + driver + chip model + world on one
/// clock): `SimulatedKitOptions` -> `KitOptions`, boot to the first deep sleep, run the
/// requested duration, collect the numbers.
func runWithSimKit(_ options: SimulatedKitOptions, consoles: Consoles) throws(CommandError) -> RunResult {
    var k = KitOptions(board: options.board)
    k.offload = options.offload
    k.duration = options.duration
    k.seed = options.seed
    k.capturePcap = options.pcapPath != nil
    k.events = options.script
    k.serverLog = consoles.server
    k.accessPoint = options.world.accessPoints.first
    k.external = try makeExternalLink(options)
    if let st = options.staticAddress {
        k.address = .fixed(IPv4Config(address: st.address, netmask: st.netmask, gateway: st.gateway))
    }
    let w = options.world
    let bridged = options.tap != nil
    k.worldTweak = { wc in
        wc.serverIP = bridged ? nil : w.serverIP
        wc.serverPort = w.serverPort
        wc.virtualRouter = !bridged
        if let ip = wc.serverIP, w.serverIP == ip { wc.routerIP = w.routerIP; wc.dnsIP = w.dnsIP }
    }
    let kit: any Kit
    do throws(KitError) { kit = try makeKit(k, log: consoles.serial) } catch { throw describe(error, options) }
    consoles.trace(kit.world)
    if options.realtime { kit.platform.attach(RealtimePacer(clock: kit.platform)) }
    let wallStart = Date()
    var failure: CommandError? = nil
    do throws(KitError) {
        let first = try kit.runToFirstSleep()
        kit.run(until: first + options.duration)
    } catch {
        // The run ends here, but what it saw (log, air capture, timeline) is still written.
        failure = describe(error, options)
    }
    var outcome = AppOutcome(bytesReceived: kit.stats.bytesReceived)
    let sockets = kit.sockets
    for (i, s) in options.board.keepalive.sockets.enumerated() where i < sockets.count {
        outcome.connections.append(ConnectionReport(localPort: s.localPort, remoteAddress: "\(dotted(s.remoteIP)):\(s.remotePort)",
                                                    finalState: rfcName(sockets[i].state)))
    }
    var r = RunResult.collect(options: options, world: kit.world, now: kit.platform.now, app: outcome, wallStart: wallStart)
    r.outcome = RunOutcome(phase: phaseName(kit.phase), failure: failure?.message)
    return r
}

/// The report's name for an application phase.
func phaseName(_ p: AppPhase) -> String {
    switch p {
    case .booting: "booting"
    case .joining: "joining"
    case .waitingForAddress: "waiting_for_address"
    case .connecting: "connecting"
    case .running: "running"
    case .suspended: "suspended"
    case .halted: "halted"
    }
}

/// One line for a kit that did not get to its sleep loop.
private func describe(_ e: KitError, _ o: SimulatedKitOptions) -> CommandError {
    let ssid = String(decoding: o.board.wifi.ssid, as: UTF8.self)
    let server = o.board.keepalive.sockets.first.map { "\(dotted($0.remoteIP)):\($0.remotePort)" } ?? "(none configured)"
    switch e {
    case .unsupportedChip: return .badOption("--board", "\(o.boardName): its Wi-Fi chip is not modelled")
    case .start(let s): return CommandError("simulated kit: cannot start the application (\(s))")
    case .halted: return CommandError("simulated kit: the application halted before its first deep sleep (see the log above)")
    case .neverSlept(let phase):
        switch phase {
        case .booting: return CommandError("Wi-Fi chip: bring-up did not finish (see the log above)")
        case .joining: return CommandError("Wi-Fi: cannot join '\(ssid)' (wrong SSID, security or passphrase, or no AP)")
        case .waitingForAddress: return CommandError("DHCP: no answer from a server (no address after \(DurationText.format(.minutes(10))))")
        case .connecting: return CommandError("TCP: cannot connect to \(server) (refused or no answer)")
        default: return CommandError("simulated kit: no deep sleep within 10 minutes (stuck in \(phase))")
        }
    }
}

/// RFC 9293 §3.3.2 state names.
func rfcName(_ s: TcpState) -> String {
    switch s {
    case .closed: "CLOSED"
    case .listen: "LISTEN"
    case .synSent: "SYN-SENT"
    case .synReceived: "SYN-RECEIVED"
    case .established: "ESTABLISHED"
    case .finWait1: "FIN-WAIT-1"
    case .finWait2: "FIN-WAIT-2"
    case .closeWait: "CLOSE-WAIT"
    case .closing: "CLOSING"
    case .lastAck: "LAST-ACK"
    case .timeWait: "TIME-WAIT"
    }
}
