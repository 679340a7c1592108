import Testing
import Foundation
import Boards
@testable import TcpKeepalive

/// Issue 15 §3: `--board PATH` takes a board file in the Boards/<KIT>/board.conf format;
/// errors name the file, the line and the key.
@Suite struct BoardFileCLITests {
    static let kit = """
    # my own kit: a CYW43439 on SDIO, two connections, slots 2-3 unused the C example's way
    kit                = MY-KIT
    chip               = CYW43439
    bus                = sdio
    transport          = sdhc
    sdio.pins          = P2_0 P2_1 P2_2 P2_3 P2_4 P2_5
    host_wake.pin      = P4_1
    wl_reg_on.pin      = P2_6
    firmware           = 43439A0.bin
    clm                = 43439A0.clm_blob
    nvram              = MY-NVRAM
    wifi.ssid          = MY_SSID
    wifi.password      = my-secret-key
    wifi.security      = wpa2_aes_psk
    tko.interval       = 0
    tko.retry_interval = 4
    tko.retry_count    = 5
    tko.socket0        = 3353 -> 192.168.0.114:3360
    tko.socket1        = 3354 -> 192.168.0.114:3360
    tko.socket2        = 0 -> 0.0.0.0:0
    tko.socket3        = 0 -> 0.0.0.0:0
    """

    func write(_ text: String, name: String = "my-kit.conf") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boardfile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let u = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: u)
        return u
    }

    func message(_ args: [String]) -> String? {
        do {
            let c = try TcpKeepaliveCommand.Simulate.parse(args)
            _ = try c.makeOptionsForTest()
            return nil
        } catch let e as CommandError { return e.message } catch { return "\(error)" }
    }

    @Test func aBoardFileIsTheDevicesConfiguration() throws {
        let u = try write(Self.kit)
        defer { try? FileManager.default.removeItem(at: u.deletingLastPathComponent()) }
        let o = try TcpKeepaliveCommand.Simulate.parse(["--board", u.path]).makeOptionsForTest()
        #expect(o.boardName == "MY-KIT")
        #expect(o.board.chip == .cyw43439)
        #expect(o.board.keepalive.interval == 20)          // 0: WHD's default
        #expect(o.board.keepalive.retryInterval == 4)
        #expect(o.board.keepalive.sockets.map(\.slot) == [0, 1])
    }

    /// (The simulated server, like the CE's tcp_server.py, serves one client: one socket.)
    @Test func aBoardFileRunsAndSkipsItsUnusedSlots() throws {
        let u = try write(Self.kit.replacingOccurrences(of: "3354 -> 192.168.0.114:3360", with: "0 -> 0.0.0.0:0"))
        defer { try? FileManager.default.removeItem(at: u.deletingLastPathComponent()) }
        var o = try TcpKeepaliveCommand.Simulate.parse(["--board", u.path, "--duration", "30s"]).makeOptionsForTest()
        o.verbose = false
        let r = try runSimulatedKitForTest(o)
        #expect(r.outcome.failure == nil)
        #expect(r.board == "MY-KIT")
        #expect(r.connections.map(\.finalState) == ["ESTABLISHED"])
    }

    @Test(arguments: [
        ("tko.retry_count    = 5", "tko.retry_count    = five", "line 17, key tko.retry_count: not a number"),
        ("tko.socket1        = 3354 -> 192.168.0.114:3360", "tko.socket1 = 3354 -> 192.168.0.114", "line 19, key tko.socket1: expected '<local port> -> <server IPv4>:<server port>'"),
        ("tko.socket1        = 3354 -> 192.168.0.114:3360", "tko.socket1 = 3354 -> 0.0.0.0:3360", "line 19, key tko.socket1: not a host's IPv4 address"),
        ("host_wake.pin      = P4_1", "host_wake.pin = P4-1", "line 7, key host_wake.pin: not a pin"),
        ("tko.interval       = 0", "tko.intervl = 5", "line 15, key tko.intervl: unknown key"),
        ("wifi.password      = my-secret-key", "wifi.password = short", "line 13, key wifi.password: passphrase must be 8 to 63 characters"),
        ("chip               = CYW43439", "chip = CYW9999", "line 3, key chip: not one of the key's values"),
        ("nvram              = MY-NVRAM", "", ": missing key nvram"),
        ("bus                = sdio", "bus sdio", "line 4: expected 'key = value'"),
    ])
    func errorsNameTheFileTheLineAndTheKey(_ replace: String, _ with: String, _ expected: String) throws {
        #expect(Self.kit.contains(replace))
        let u = try write(Self.kit.replacingOccurrences(of: replace, with: with))
        defer { try? FileManager.default.removeItem(at: u.deletingLastPathComponent()) }
        let m = try #require(message(["--board", u.path]))
        #expect(m.hasPrefix("--board: \(u.path)"), "\(m)")
        #expect(m.contains(u.path + (expected.hasPrefix(":") ? "" : " ") + expected), "\(m)")
        #expect(!m.contains("short") && !m.contains("my-secret-key"), "a value in the message: \(m)")
    }

    @Test func missingFilesAndNamesSaySo() {
        #expect(message(["--board", "/nonexistent/kit.conf"]) == "--board: /nonexistent/kit.conf: no such file (a board file, see Boards/README.md, or a built-in name: --list-boards)")
        #expect(message(["--board", "NOPE"])?.hasPrefix("--board: unknown board 'NOPE'") == true)
    }

    /// Every built-in board file also loads as a file (the format is one).
    @Test func theBuiltInBoardFilesLoadAsFiles() throws {
        for name in Boards.names {
            let n = name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            guard let text = Boards.text(of: Array(n.utf8)) else { continue }
            let t = text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            let u = try write(t, name: "board.conf")
            defer { try? FileManager.default.removeItem(at: u.deletingLastPathComponent()) }
            let loaded = try BoardFile.load(u.path)
            #expect(loaded.board == (try Boards.named(Array(n.utf8))), "\(n)")
        }
    }
}
