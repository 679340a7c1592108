import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Runtime
import Simulation
@testable import TcpKeepalive

@Suite struct DurationTextTests {
    @Test func parsesUnits() throws {
        #expect(try DurationText.parse("90s") == .seconds(90))
        #expect(try DurationText.parse("10m") == .minutes(10))
        #expect(try DurationText.parse("24h") == .hours(24))
        #expect(try DurationText.parse("1h30m") == .minutes(90))
        #expect(try DurationText.parse("500ms") == .milliseconds(500))
        #expect(try DurationText.parse("2d") == .hours(48))
        #expect(try DurationText.parse("45") == .seconds(45))
        #expect(try DurationText.parse(" 1H ") == .hours(1))
    }

    @Test func rejectsGarbage() {
        for bad in ["", "h", "10x", "1h30", "-5s", "0s", "0", "1.5h", "99999999999999999999h", "s10"] {
            #expect(throws: DurationText.ParseError.self, "\(bad)") { try DurationText.parse(bad) }
        }
    }

    @Test func formats() {
        #expect(DurationText.format(.hours(1)) == "1h")
        #expect(DurationText.format(.minutes(90)) == "1h30m")
        #expect(DurationText.format(.milliseconds(1500)) == "1s500ms")
    }
}

@Suite struct OptionTests {
    func options(_ args: [String], env: [String: String] = [:]) throws -> SimulatedKitOptions {
        let cmd = try TcpKeepaliveCommand.Simulate.parse(args)
        do throws(CommandError) { return try cmd.makeOptions(environment: env) } catch { throw error }
    }

    func message(_ args: [String], env: [String: String] = [:]) -> String? {
        do { _ = try options(args, env: env); return nil } catch let e as CommandError { return e.message } catch { return "\(error)" }
    }

    @Test func defaultsComeFromTheBoard() throws {
        let o = try options([])
        #expect(o.boardName == "CY8CPROTO-062-4343W")
        #expect(o.duration == .hours(1))
        #expect(o.offload)
        #expect(o.board.keepalive.interval == 5 && o.board.keepalive.retryInterval == 3 && o.board.keepalive.retryCount == 3)
        #expect(o.world.serverIP == IPv4Address(192, 168, 0, 114) && o.world.serverPort == 3360)
        #expect(o.world.accessPoints.first?.ssid == Array("WIFI_SSID".utf8))
    }

    @Test func overridesAndEnvironment() throws {
        let o = try options(["--no-offload", "--interval", "20", "--retry-interval", "4", "--retry-count", "5",
                             "--server", "10.1.2.3:50007", "--duration", "90s", "--passphrase", "wrongpass1"],
                            env: ["WIFI_SSID": "HomeNet", "WIFI_SECURITY": "wpa2_aes_psk"])
        #expect(!o.offload && o.duration == .seconds(90))
        #expect(o.board.keepalive.interval == 20 && o.board.keepalive.retryCount == 5)
        #expect(o.board.keepalive.sockets[0].remoteIP == IPv4Address(10, 1, 2, 3))
        #expect(o.world.serverIP == IPv4Address(10, 1, 2, 3) && o.world.routerIP == IPv4Address(10, 1, 2, 1))
        #expect(o.board.wifi.ssid == Array("HomeNet".utf8))
        #expect(o.board.wifi.passphrase == Array("wrongpass1".utf8))
        // The AP keeps the board file's credentials.
        #expect(o.world.accessPoints.first?.passphrase == Array("WIFI_PASSWORD".utf8))
    }

    @Test func badOptionsSayWhatAndWhere() {
        #expect(message(["--board", "NOPE"])?.hasPrefix("--board: unknown board 'NOPE'") == true)
        #expect(message(["--duration", "soon"])?.hasPrefix("--duration: bad duration 'soon'") == true)
        #expect(message(["--interval", "0"]) == "--interval: must be 1...65535 seconds, got 0")
        #expect(message(["--server", "1.2.3.4"])?.hasPrefix("--server: '1.2.3.4' is not IP:PORT") == true)
        #expect(message(["--security", "wep"])?.hasPrefix("--security: unknown security 'wep'") == true)
        #expect(message(["--passphrase", "short"])?.hasPrefix("--passphrase: must be 8...63") == true)
        #expect(message(["--static", "10.0.0.5/24"])?.hasPrefix("--static: 10.0.0.5/24 is not on the virtual LAN") == true)
        #expect(message(["--static", "192.168.0.50"])?.hasPrefix("--static: '192.168.0.50' is not A.B.C.D/N") == true)
        #expect(message(["--gateway", "192.168.0.1"]) == "--gateway: needs --static")
        #expect(message(["--event", "10m:explode"])?.hasPrefix("--event: unknown action 'explode'") == true)
        #expect(message(["--tap", "nosuchtap0"])  == nil)   // checked when the run starts
    }

    @Test func secretsAreNeverInMessages() {
        let m = message(["--passphrase", "s3cr3t"]) ?? ""
        #expect(!m.contains("s3cr3t"))
    }

    @Test func scriptEvents() throws {
        let o = try options(["--event", "10m:server-sends=hi", "--event", "1h:ap-passphrase=newsecret1", "--event", "30s:dhcp-off"])
        #expect(o.script.count == 3)
        if case .afterFirstSleep(let d) = o.script[0].when { #expect(d == .minutes(10)) } else { Issue.record("when") }
        if case .serverSends(let b) = o.script[0].action { #expect(b == Array("hi".utf8)) } else { Issue.record("action") }
    }

    @Test func missingTapIsOneClearLine() throws {
        do {
            _ = try TapLink(name: "nosuchtap0")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("--tap nosuchtap0: no such network interface"))
        }
    }
}

@Suite struct ReportTests {
    @Test func reportHasTheAgreedKeys() throws {
        var o = try TcpKeepaliveCommand.Simulate.parse(["--duration", "30s"]).makeOptionsForTest()
        o.verbose = false
        let r = try runSimulatedKitForTest(o)
        let obj = try #require(try JSONSerialization.jsonObject(with: RunReport(r).json()) as? [String: Any])
        for k in ["simulated_seconds", "host_wakeups", "host_wakeups_by_reason", "host_awake_seconds", "keepalives_sent",
                  "keepalives_acked", "bytes_received", "average_host_current_uA", "offload", "connections"] {
            #expect(obj[k] != nil, "\(k)")
        }
        let by = try #require(obj["host_wakeups_by_reason"] as? [String: Any])
        #expect(Set(by.keys) == ["data", "link_down", "keepalive_failure", "other", "recovery", "timer", "spurious"])
        let conns = try #require(obj["connections"] as? [[String: Any]])
        #expect(conns.first.map { Set($0.keys) } == ["local_port", "remote_address", "final_state"])
        #expect(obj["offload"] as? Bool == true)
        #expect((obj["keepalives_sent"] as? Int ?? 0) >= 6)
    }

    @Test func svgIsWellFormedAndLabelled() throws {
        var o = try TcpKeepaliveCommand.Simulate.parse(["--duration", "60s", "--event", "20s:server-sends=x"]).makeOptionsForTest()
        o.verbose = false
        let r = try runSimulatedKitForTest(o)
        let svg = TimelineSVG.render(r, title: "t")
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains(">data</tspan>"))
        #expect(svg.contains("Host MCU") && svg.contains("Wi-Fi chip"))
        let doc = try XMLDocument(xmlString: svg)
        #expect(doc.rootElement()?.name == "svg")
    }
}

extension TcpKeepaliveCommand.Simulate {
    func makeOptionsForTest() throws -> SimulatedKitOptions {
        do throws(CommandError) { return try makeOptions(environment: [:]) } catch { throw error }
    }
}

func runSimulatedKitForTest(_ o: SimulatedKitOptions) throws -> RunResult {
    do throws(CommandError) { return try runSimulatedKit(o) } catch { throw error }
}
