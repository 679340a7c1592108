import Testing
import Foundation
import Boards
import Runtime
@testable import TcpKeepalive

/// Issue 15 §4: `tcp-keepalive import-modus` turns the C example's design.modus (or its
/// generated cycfg_connectivity_wifi.c) and app_config.h into our board file, carrying every
/// setting we understand and naming every one we do not.
@Suite struct ModusImportTests {
    func files(_ pairs: [(String, String)]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("modus-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in pairs { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    func importing(_ file: String, appConfig: String? = nil, base: String? = nil, in dir: URL) throws -> (text: String, board: BoardConfig) {
        let text: String
        do throws(CommandError) {
            text = try ModusImport.run(path: dir.appendingPathComponent(file).path,
                                       appConfig: appConfig.map { dir.appendingPathComponent($0).path }, base: base)
        } catch { throw error }
        return (text, try BoardConfig.parse(Array(text.utf8)))
    }

    /// The "Not carried over" comment lines.
    func notCarried(_ text: String) -> [String] {
        guard let r = text.range(of: "# Not carried over") else { return [] }
        return text[r.upperBound...].split(separator: "\n").dropFirst().map { String($0.dropFirst(4)) }
    }

    @Test func theCExamplesDesignAndAppConfig() throws {
        let dir = try files([("design.modus", ModusImportFixtures.ceDesign), ("app_config.h", ModusImportFixtures.appConfig)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (text, b) = try importing("design.modus", appConfig: "app_config.h", in: dir)
        #expect(text.contains("Base kit CY8CPROTO-062-4343W"))
        #expect(b.chip == .cyw4343w)
        #expect(b.hostWake == BoardConfig.HostWake(pin: .psoc(port: 0, pin: 4), edge: .rising, drive: .analog))
        #expect(b.wlRegOn == .psoc(port: 2, pin: 6))
        #expect(b.keepalive == KeepaliveSettings(interval: 5, retryInterval: 3, retryCount: 3, sockets: [
            KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 114), remotePort: 3360)]))
        #expect(b.arp.enabled == false)
        #expect(b.filters.isEmpty)
        #expect(String(decoding: b.wifi.ssid, as: UTF8.self) == "HOME_AP")
        #expect(String(decoding: b.wifi.passphrase, as: UTF8.self) == "correct-horse-battery")
        #expect(b.wifi.security == .wpa2AesPsk)
        let skipped = notCarried(text)
        for name in ["configTLS = false", "filterTLSAction = CY_PF_ACTION_KEEP", "minKeepFilt = false", "config0 = false",
                     "wakeOnWirelessLan = true", "arpResponse = CY_ARP_OL_PEER_AUTO_REPLY_ENABLE",
                     "app_config.h: NETWORK_INACTIVE_INTERVAL_MS = (300)", "app_config.h: NETWORK_INACTIVE_WINDOW_MS = (200)",
                     "app_config.h: NETWORK_SUSPEND_DELAY_MS = (100)", "app_config.h: ENABLE_HOST_TCP_KEEPALIVE = (0)"] {
            #expect(skipped.contains { $0.hasPrefix(name + ":") }, "\(name) is not named")
        }
        #expect(!skipped.contains { $0.contains("tcpka") || $0.contains("hostIRQ") || $0.contains("WIFI_SSID") })
    }

    @Test func aUsersDesignWithArpFiltersAndOddSlots() throws {
        let dir = try files([("design.modus", ModusImportFixtures.userDesign)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (text, b) = try importing("design.modus", in: dir)
        #expect(text.contains("Base kit CY8CKIT-062S2-43012"))
        #expect(b.chip == .cyw43012)
        #expect(b.hostWake == BoardConfig.HostWake(pin: .psoc(port: 4, pin: 1), edge: .falling, drive: .pullDown))
        #expect(b.keepalive.interval == KeepaliveSettings.whdDefaultInterval)     // 0 -> WHD's 20 s
        #expect(b.keepalive.retryInterval == 2 && b.keepalive.retryCount == 4)
        #expect(b.keepalive.sockets == [KeepaliveSocket(slot: 2, localPort: 4000, remoteIP: IPv4Address(10, 0, 0, 2), remotePort: 5000)])
        #expect(b.arp == ArpOffloadSettings(enabled: true, awake: [.agent, .peerAutoReply, .snoop], sleep: [.peerAutoReply], peerAgeSeconds: 600))
        #expect(b.filters == [
            PacketFilterRule(id: 1, match: .port(.tcp, .source, port: 3360, range: 0), action: .keep, whileSleeping: true, whileAwake: true),
            PacketFilterRule(id: 2, match: .port(.udp, .destination, port: 8000, range: 15), action: .keep, whileSleeping: true, whileAwake: true),
            PacketFilterRule(id: 3, match: .etherType(0x888E), action: .keep, whileSleeping: true, whileAwake: true),
        ])
        let skipped = notCarried(text)
        #expect(skipped.contains { $0.hasPrefix("config7 (udp dst 53 discard always): mixes keep and discard") })
        #expect(skipped.contains { $0.hasPrefix("socket 3 = 4001 -> 0.0.0.0:5001: partly filled in") })
    }

    @Test func theGeneratedCFile() throws {
        let dir = try files([("cycfg_connectivity_wifi.c", ModusImportFixtures.generatedC)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (text, b) = try importing("cycfg_connectivity_wifi.c", in: dir)
        #expect(text.contains("Base kit CY8CPROTO-062-4343W (the C example's default TARGET"))
        #expect(b.keepalive == KeepaliveSettings(interval: 7, retryInterval: KeepaliveSettings.whdDefaultRetryInterval, retryCount: 5, sockets: [
            KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 114), remotePort: 3360)]))
        #expect(b.filters == [
            PacketFilterRule(id: 1, match: .etherType(0x0806), action: .keep, whileSleeping: true, whileAwake: true),
            PacketFilterRule(id: 2, match: .port(.udp, .destination, port: 68, range: 0), action: .keep, whileSleeping: true, whileAwake: false),
        ])
        let skipped = notCarried(text)
        #expect(skipped.contains { $0.hasPrefix("offload \"NULL_KA\" in ol_list_0") })
        #expect(skipped.contains { $0.hasPrefix("socket 2 = 3355 -> 192.168.0.114:0: partly filled in") })
        #expect(skipped.contains { $0.hasPrefix("host-wake pin:") })
        let withBase = try importing("cycfg_connectivity_wifi.c", base: "CY8CKIT-062S2-43012", in: dir)
        #expect(withBase.board.chip == .cyw43012)
    }

    @Test func badInputSaysWhatAndWhere() throws {
        let dir = try files([("app_config.h", ModusImportFixtures.appConfig),
                             ("bad.modus", ModusImportFixtures.ceDesign.replacingOccurrences(of: "value=\"5\"", with: "value=\"five\"")),
                             ("nowifi.modus", "<?xml version=\"1.0\"?><Configuration><Devices/></Configuration>")])
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ f: String, base: String? = nil) -> String? {
            do throws(CommandError) { _ = try ModusImport.run(path: dir.appendingPathComponent(f).path, appConfig: nil, base: base); return nil }
            catch { return error.message }
        }
        #expect(message("bad.modus")?.contains("bad.modus: tcpkaInterval = five: not a number") == true)
        #expect(message("nowifi.modus")?.contains("no Connectivity Wi-Fi personality") == true)
        #expect(message("app_config.h")?.contains("neither a design.modus") == true)
        #expect(message("missing.modus")?.contains("missing.modus: no such file") == true)
        #expect(message("bad.modus", base: "NOPE")?.contains("--base: unknown board 'NOPE'") == true)
    }

    /// The whole path on the real binary: import to a file, run the kit from it.
    @Test func anImportedBoardRuns() throws {
        let dir = try files([("design.modus", ModusImportFixtures.ceDesign), ("app_config.h", ModusImportFixtures.appConfig)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = try #require(builtProduct("tcp-keepalive", "TcpKeepalive"))
        func run(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = bin
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let d = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: d, as: UTF8.self))
        }
        let (status, conf) = try run(["import-modus", dir.appendingPathComponent("design.modus").path,
                                      "--app-config", dir.appendingPathComponent("app_config.h").path])
        #expect(status == 0)
        let kit = dir.appendingPathComponent("my-kit.conf")
        try Data(conf.utf8).write(to: kit)
        let (s2, log) = try run(["--board", kit.path, "--duration", "20s", "--no-compare"])
        #expect(s2 == 0)
        #expect(log.contains("Info: Join to AP: HOME_AP"))
        #expect(log.contains("Info: Socket[0]: Created connection to IP 192.168.0.114, local port 3353, remote port 3360"))
        #expect(log.contains("Info: Skipped TCP socket connection for socket id[3]. Check the TCP Keepalive configuration."))
        #expect(!log.contains("correct-horse-battery"))
    }
}
