import ArgumentParser
import Foundation
import Runtime
import Boards
import Simulation
import LinuxPlatform

/// `tcp-keepalive`: the CE229926 application on a simulated kit (default), or on real
/// hardware (`run`).
@main
struct TcpKeepaliveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcp-keepalive",
        abstract: "WLAN TCP keepalive offload (CE229926) in Swift: simulated kit or real hardware.",
        discussion: """
            With no subcommand, runs the simulated default kit: virtual AP, DHCP, echo server, \
            virtual clock. Wi-Fi credentials may also come from WIFI_SSID, WIFI_PASSWORD and \
            WIFI_SECURITY (never printed).
            """,
        subcommands: [Simulate.self, Run.self, ImportModus.self],
        defaultSubcommand: Simulate.self)
}

/// One line on stderr ("what and where"), exit status 2.
func reportFailure(_ e: CommandError) -> Never {
    fflush(nil)                      // the log so far first, then the error line
    FileHandle.standardError.write(Data("tcp-keepalive: error: \(e.message)\n".utf8))
    Foundation.exit(2)
}

extension TcpKeepaliveCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the simulated kit (the default).")

        @Option(help: "Kit to simulate: a built-in name (see --list-boards) or a board file (Boards/README.md).") var board: String = "CY8CPROTO-062-4343W"
        @Flag(help: "List the known boards and exit.") var listBoards = false
        @Option(help: "How long to run after the host's first deep sleep: 90s, 10m, 24h, 1h30m.") var duration: String = "1h"
        @Flag(help: "Keep keepalives on the host (no offload to the Wi-Fi chip).") var noOffload = false
        @Option(help: "Keepalive interval in seconds (board default otherwise).") var interval: Int?
        @Option(help: "Keepalive retry interval in seconds.") var retryInterval: Int?
        @Option(help: "Keepalive retry count.") var retryCount: Int?
        @Option(help: "Server the device connects to, IP:PORT (the echo server moves there).") var server: String?
        @Option(help: "SSID the device joins (env WIFI_SSID).") var ssid: String?
        @Option(help: "Passphrase the device uses (env WIFI_PASSWORD; never printed).") var passphrase: String?
        @Option(help: "Security type the device uses, e.g. wpa2_aes_psk, open (env WIFI_SECURITY).") var security: String?
        @Option(help: "Write every frame on the air side to this pcap file.") var pcap: String?
        @Option(help: "Write a JSON report to this file.") var report: String?
        @Option(help: "Draw the power/wake timeline to this SVG file.") var svg: String?
        @Option(help: "Write the run's console (serial log, [server] and every [air] line) to this file.") var log: String?
        @Option(help: "Bridge the radio side to this existing TAP interface (real time).") var tap: String?
        @Option(name: .customLong("static"), help: "Static address A.B.C.D/N instead of DHCP.") var staticAddress: String?
        @Option(help: "Gateway for --static.") var gateway: String?
        @Flag(help: "Pace the virtual clock to wall time.") var realtime = false
        @Option(name: .customLong("event"), help: "Scripted event TIME:ACTION after the first sleep, e.g. 10m:server-sends=hello, 20m:ap-down, 21m:ap-up, 30m:server-reset, server-close, server-gone, server-back, server-reboot, ap-passphrase=NEW, dhcp-off, dhcp-on. Repeatable.")
        var events: [String] = []
        @Option(help: "Simulation: the echo server listens on this port instead (a different one refuses the device).") var echoServerPort: Int?
        @Flag(help: "Simulation: no echo server host on the LAN.") var noEchoServer = false
        @Flag(help: "Simulation: the router's DHCP server does not answer.") var noDhcpServer = false
        @Option(help: "Keepalive trace lines to print.") var traceLimit: Int = 40
        @Flag(help: "Skip the comparison run with offload toggled.") var noCompare = false
        @Option(help: "Seed for the run's random choices.") var seed: UInt64 = 1

        func run() throws {
            if listBoards {
                for name in Boards.names { print(name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }) }
                return
            }
            let options: SimulatedKitOptions
            do throws(CommandError) { options = try makeOptions(environment: ProcessInfo.processInfo.environment) } catch {
                // A run that never started still leaves the files it was asked for.
                SimulatedRun.writeNotStarted(pcap: pcap, report: report, svg: svg, log: log, board: board, failure: error)
                reportFailure(error)
            }
            do throws(CommandError) {
                try SimulatedRun.execute(options, compare: !noCompare && tap == nil && !realtime)
            } catch {
                reportFailure(error)
            }
        }

        /// Command line + environment -> resolved options. Throws one clear CommandError.
        func makeOptions(environment env: [String: String]) throws(CommandError) -> SimulatedKitOptions {
            let loaded = try BoardFile.load(board)
            let boardName = loaded.name
            var b = loaded.board
            let d: Duration
            do { d = try DurationText.parse(duration) } catch { throw .badOption("--duration", error.description) }
            func seconds(_ v: Int?, _ name: String) throws(CommandError) -> UInt16? {
                guard let v else { return nil }
                guard (1...65535).contains(v) else { throw .badOption(name, "must be 1...65535 seconds, got \(v)") }
                return UInt16(v)
            }
            if let v = try seconds(interval, "--interval") { b.keepalive.interval = v }
            if let v = try seconds(retryInterval, "--retry-interval") { b.keepalive.retryInterval = v }
            if let v = retryCount {
                guard (1...255).contains(v) else { throw .badOption("--retry-count", "must be 1...255, got \(v)") }
                b.keepalive.retryCount = UInt16(v)
            }
            if let server {
                let (ip, port) = try Self.parseEndpoint(server)
                if b.keepalive.sockets.isEmpty {
                    b.keepalive.sockets = [KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: ip, remotePort: port)]
                } else {
                    b.keepalive.sockets[0].remoteIP = ip; b.keepalive.sockets[0].remotePort = port
                }
            }
            // The world is built before the device's credentials change: its AP keeps the board's.
            var world = WorldConfig.forBoard(b)
            world.clockOffsetSeconds = 0
            if let s = ssid ?? env["WIFI_SSID"] {
                guard (1...32).contains(s.utf8.count) else { throw .badOption("--ssid", "SSID must be 1...32 bytes") }
                b.wifi.ssid = Array(s.utf8)
            }
            if let p = passphrase ?? env["WIFI_PASSWORD"] {
                b.wifi.passphrase = Array(p.utf8)
            }
            if let sec = security ?? env["WIFI_SECURITY"] {
                guard let v = WifiSecurity.allCases.first(where: { $0.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } == sec.lowercased() }) else {
                    let names = WifiSecurity.allCases.map { $0.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
                    throw .badOption("--security", "unknown security '\(sec)' (one of: \(names.joined(separator: ", ")))")
                }
                b.wifi.security = v
            }
            if b.wifi.security.needsPassphrase && !(8...64).contains(b.wifi.passphrase.count) {
                throw .badOption("--passphrase", "must be 8...63 characters (or 64 hex digits) for a secured network")
            }
            var o = SimulatedKitOptions(boardName: boardName, board: b, world: world, duration: d)
            o.offload = !noOffload
            o.pcapPath = pcap; o.reportPath = report; o.svgPath = svg
            if let log { o.logPath = log; o.logRecorder = LogRecorder() }
            o.tap = tap; o.realtime = realtime || tap != nil
            o.traceLimit = max(0, traceLimit)
            o.seed = seed
            if let s = staticAddress {
                var st = try Self.parseCIDR(s)
                if let g = gateway {
                    guard let gip = IPv4Address(ascii: Array(g.utf8)) else { throw .badOption("--gateway", "'\(g)' is not an IPv4 address") }
                    st.gateway = gip
                }
                if tap == nil, world.serverIP.map({ ($0.value & st.netmask.value) != (st.address.value & st.netmask.value) }) ?? false {
                    throw .badOption("--static", "\(s) is not on the virtual LAN of server \(server ?? "from the board") (its /24)")
                }
                o.staticAddress = st
            } else if gateway != nil {
                throw .badOption("--gateway", "needs --static")
            }
            for e in events { o.script.append(try ScriptText.parse(e)) }
            if let p = echoServerPort {
                guard (1...65535).contains(p) else { throw .badOption("--echo-server-port", "must be 1...65535, got \(p)") }
                o.world.serverPort = UInt16(p)
            }
            if noEchoServer { o.world.serverIP = nil }
            if noDhcpServer { o.script.insert(ScriptedEvent(.at(.zero), .dhcpServer(enabled: false)), at: 0) }
            return o
        }

        static func parseEndpoint(_ s: String) throws(CommandError) -> (IPv4Address, UInt16) {
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let ip = IPv4Address(ascii: Array(parts[0].utf8)),
                  let port = UInt16(parts[1]), port > 0, !ip.isUnspecified else {
                throw .badOption("--server", "'\(s)' is not IP:PORT (e.g. 192.168.0.114:3360)")
            }
            return (ip, port)
        }

        static func parseCIDR(_ s: String) throws(CommandError) -> StaticAddress {
            let parts = s.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let ip = IPv4Address(ascii: Array(parts[0].utf8)),
                  let n = Int(parts[1]), (1...30).contains(n) else {
                throw .badOption("--static", "'\(s)' is not A.B.C.D/N (N 1...30)")
            }
            return StaticAddress(address: ip, prefixLength: n, gateway: nil)
        }
    }

    /// Real hardware: a Linux board with a CYW43 module on spidev (the platforms helper's
    /// backend; `runOnHardware` is connected by the lead).
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run on real hardware (a Linux board with a CYW43 on SPI).")

        @Option(help: "Linux board: a built-in name (e.g. LINUX-SBC-43439) or a board file.") var board: String
        @Option(help: "spidev device, e.g. /dev/spidev0.0.") var spidev: String?
        @Option(help: "GPIO chip, e.g. /dev/gpiochip0.") var gpiochip: String?
        @Option(help: "Host-wake GPIO line number.") var hostWake: Int?
        @Option(help: "WL_REG_ON GPIO line number.") var regOn: Int?
        @Option(help: "Folder with the firmware, CLM and NVRAM files.") var firmware: String?
        @Option(help: "gSPI wiring: 4 (separate data in/out, default) or 3 (one shared data line, SPI_3WIRE).") var spiWiring: String?
        @Option(help: "SPI clock in Hz (default 1000000).") var spiHz: Int?
        @Option(help: "SPI mode 0...3 (default 0).") var spiMode: Int?
        @Option(help: "How long to run after the first sleep (default: forever).") var duration: String?
        @Flag(help: "Keep keepalives on the host.") var noOffload = false

        func run() throws {
            do throws(CommandError) {
                let (boardName, b) = try BoardFile.load(board)
                guard b.transport == .spidev else {
                    throw CommandError.badOption("--board", "\(boardName) is not a Linux board (it has no spidev transport); try LINUX-SBC-43439")
                }
                var d: Duration? = nil
                if let duration {
                    do { d = try DurationText.parse(duration) } catch { throw CommandError.badOption("--duration", error.description) }
                }
                var wiring: GSPIWiring?
                if let spiWiring {
                    guard let w = GSPIWiring(argument: spiWiring) else {
                        throw CommandError.badOption("--spi-wiring", "'\(spiWiring)' is not 4 or 3 (also 4wire, 3wire, 3hiz)")
                    }
                    wiring = w
                }
                if let spiHz, !(1...100_000_000).contains(spiHz) {
                    throw CommandError.badOption("--spi-hz", "must be 1...100000000 Hz, got \(spiHz)")
                }
                if let spiMode, !(0...3).contains(spiMode) {
                    throw CommandError.badOption("--spi-mode", "must be 0...3, got \(spiMode)")
                }
                try runOnHardware(HardwareOptions(boardName: boardName, board: b, spidev: spidev, gpiochip: gpiochip,
                                                  hostWakeLine: hostWake, regOnLine: regOn, firmwareDirectory: firmware,
                                                  spiWiring: wiring, spiHz: spiHz.map { UInt32($0) }, spiMode: spiMode.map { UInt8($0) },
                                                  duration: d, offload: !noOffload))
            } catch {
                reportFailure(error)
            }
        }
    }

    /// The C example's configuration -> a board file on stdout.
    struct ImportModus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-modus",
            abstract: "Turn the C example's design.modus (or GeneratedSource/cycfg_connectivity_wifi.c) into a board file.",
            discussion: """
                Prints the board file: a base kit's file with the configuration's values over it. \
                Every setting that has no equivalent is named in a comment at the end. \
                Example: tcp-keepalive import-modus design.modus --app-config app_config.h > my-kit.conf
                """)

        @Argument(help: "design.modus, or GeneratedSource/cycfg_connectivity_wifi.c.") var file: String
        @Option(help: "The C example's app_config.h (Wi-Fi SSID, password, security).") var appConfig: String?
        @Option(help: "Built-in kit for what the configuration does not say (default: the one with the design's MCU and chip).") var base: String?

        func run() throws {
            do throws(CommandError) {
                print(try ModusImport.run(path: file, appConfig: appConfig, base: base), terminator: "")
            } catch {
                reportFailure(error)
            }
        }
    }
}
