import Testing
import Foundation
import Boards

/// Issue 15 §7: the serial log a C-example user compares against (the seed README's
/// "Verify that the following logs appear on the serial terminal", docs/tko-offload.md
/// §6.2), line by line and in order, from the real `tcp-keepalive` binary: for the default
/// kit, and for a board file whose sockets 1-3 are the C example's empty `0 -> 0.0.0.0:0`.
@Suite(.serialized) struct SerialLogTests {
    /// The CE's lines up to its first deep sleep; a pattern where the CE prints a value of
    /// its own machine (MAC, firmware and CLM strings, WHD version, the DHCP address).
    static let expected: [String] = [
        #"Info: ====================================="#,
        #"Info: CE229926 - WLAN TCP Keepalive Offload"#,
        #"Info: ====================================="#,
        #""#,
        #"WLAN MAC Address : ([0-9A-F]{2}:){5}[0-9A-F]{2}"#,
        #"WLAN Firmware    : wl0: .+ version [0-9.]+ .*FWID .+"#,
        #"WLAN CLM         : API: [0-9.]+ Data: .+ Compiler: .+ ClmImport: .+ Creation: .+"#,
        #"WHD VERSION      : .+"#,
        #"Info: Wi-Fi initialization is successful"#,
        #"Info: Join to AP: WIFI_SSID"#,
        #"Info: Successfully joined wifi network WIFI_SSID"#,
        #"Info: Assigned IP address: 192\.168\.0\.[0-9]+"#,
        #"Info: Taking TCP Keepalive configuration from the Generated sources\."#,
        #"Info: Socket\[0\]: Created connection to IP 192\.168\.0\.114, local port 3353, remote port 3360"#,
        #"Info: Skipped TCP socket connection for socket id\[1\]\. Check the TCP Keepalive configuration\."#,
        #"Info: Skipped TCP socket connection for socket id\[2\]\. Check the TCP Keepalive configuration\."#,
        #"Info: Skipped TCP socket connection for socket id\[3\]\. Check the TCP Keepalive configuration\."#,
        #"whd_tko_toggle: Successfully enabled"#,
        #""#,
        #"Network Stack Suspended, MCU will enter DeepSleep power mode"#,
    ]
    /// Where our log may add a line of its own between the CE's: after the socket is
    /// created the app reads what the server sends (the CE never reads its socket).
    static let allowedExtra = [#"Info: Socket\[0\]: Received [0-9]+ bytes: .*"#]

    func serialLog(_ args: [String]) throws -> [String] {
        let bin = try #require(builtProduct("tcp-keepalive", "TcpKeepalive"), "tcp-keepalive not built next to the tests")
        let p = Process()
        p.executableURL = bin
        p.arguments = args + ["--duration", "20s", "--no-compare"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        // The device's console only: the echo server's and the air trace's lines are prefixed.
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            .filter { !$0.hasPrefix("[server] ") && !$0.hasPrefix("[air] ") }
    }

    func matches(_ line: String, _ pattern: String) -> Bool {
        line.range(of: "^" + pattern + "$", options: .regularExpression) != nil
    }

    /// The log from its first line to the first deep sleep is the CE's, line for line:
    /// nil, or the index of the first CE line that is missing or out of place (recorded).
    func firstMismatch(_ log: [String], record: Bool = true) -> Int? {
        var i = 0
        for (n, pattern) in Self.expected.enumerated() {
            while i < log.count, !matches(log[i], pattern), Self.allowedExtra.contains(where: { matches(log[i], $0) }) { i += 1 }
            guard i < log.count, matches(log[i], pattern) else {
                if record {
                    Issue.record("CE line \(n + 1): expected /\(pattern)/, got \(i < log.count ? "\"\(log[i])\"" : "the end of the log")")
                }
                return n
            }
            i += 1
        }
        return nil
    }

    @Test func theDefaultKitPrintsTheCExamplesLog() throws {
        #expect(firstMismatch(try serialLog([])) == nil)
    }

    @Test func aKitWithSockets1To3EmptyPrintsTheSkippedLines() throws {
        let text = try #require(Boards.text(of: Array("CY8CPROTO-062-4343W".utf8)))
        var conf = text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        conf += "\ntko.socket1        = 0 -> 0.0.0.0:0\ntko.socket2        = 0 -> 0.0.0.0:0\ntko.socket3        = 0 -> 0.0.0.0:0\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serial-log-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("empty-slots.conf")
        try Data(conf.utf8).write(to: file)
        #expect(firstMismatch(try serialLog(["--board", file.path])) == nil)
    }

    /// The check itself can fail: the real log with two CE lines swapped, or one missing.
    @Test func aSwappedOrMissingLineIsCaught() throws {
        let log = try serialLog([])
        let socket = try #require(log.firstIndex { $0.hasPrefix("Info: Socket[0]: Created") })
        let skipped = try #require(log.firstIndex { $0.contains("socket id[1]") })
        var swapped = log
        swapped.swapAt(socket, skipped)
        #expect(firstMismatch(swapped, record: false) == 13)
        var missing = log
        missing.removeAll { $0.hasPrefix("Info: Assigned IP address") }
        #expect(firstMismatch(missing, record: false) == 11)
    }
}
