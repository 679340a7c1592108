import Testing
import Foundation

/// Issue 8 §4: a passphrase reaches the chip and nothing else. The real `tcp-keepalive`
/// binary runs with the board file's passphrase (the simulated AP has the same) and an AP
/// key change (a rejoin that fails, then one that works after the key comes back); its
/// serial log and summary (stdout), stderr, pcap, JSON report and SVG must not hold
/// either key. Then the error paths ("crash messages"): a bad passphrase, malformed
/// key-change events and a hardware run without hardware must not echo the secret.
@Suite(.serialized) struct SecretsCLITests {
    /// The default board file's `wifi.password` (CE229926's placeholder), which the device
    /// and the simulated AP both use.
    static let boardKey = "WIFI_PASSWORD"
    static let secret = "Pssst-0ur-K3y-4-the-AP"
    static let newKey = "An0ther-S3cret-After-Rekey"

    static func binary() -> URL? { builtProduct("tcp-keepalive", "TcpKeepalive") }

    struct Outcome { var status: Int32; var out: Data; var err: Data }

    func run(_ args: [String], environment: [String: String] = [:]) throws -> Outcome {
        let bin = try #require(Self.binary(), "tcp-keepalive not built next to the tests (run swift build)")
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, out: o, err: e)
    }

    func leaks(_ d: Data) -> [String] {
        [Self.boardKey, Self.secret, Self.newKey].filter { d.range(of: Data($0.utf8)) != nil }
    }

    @Test func aRunWithARekeyLeavesNoKeyInAnyOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("air.pcap"), report = dir.appendingPathComponent("r.json")
        let svg = dir.appendingPathComponent("t.svg")
        let r = try run(["--duration", "20m", "--no-compare",
                         "--event", "2m:ap-passphrase=\(Self.newKey)", "--event", "6m:ap-passphrase=\(Self.boardKey)",
                         "--event", "15m:server-sends=still-here",
                         "--pcap", pcap.path, "--report", report.path, "--svg", svg.path])
        #expect(r.status == 0)
        let log = String(decoding: r.out, as: UTF8.self)
        #expect(log.contains("wrong passphrase"))             // the rekey really happened
        #expect(log.contains("still-here"))
        for (name, data) in [("stdout", r.out), ("stderr", r.err), ("pcap", try Data(contentsOf: pcap)),
                             ("report", try Data(contentsOf: report)), ("svg", try Data(contentsOf: svg))] {
            #expect(data.count > 0 || name == "stderr", "\(name) is empty")
            #expect(leaks(data).isEmpty, "\(name) holds a key")
        }
    }

    @Test(arguments: [
        ["--passphrase", "Pssst"],                                       // too short
        ["--passphrase", secret, "--event", "ap-passphrase=\(newKey)"],  // no time
        ["--passphrase", secret, "--event", "2m:ap-passphrase=\(newKey):x"] + [],
        ["--passphrase", secret, "--event", "ap-passphrase=\(newKey):2m"],  // time and action swapped
        ["--passphrase", secret, "--event", "2m:ap-passphrase=Pssst"],   // new key too short
        ["--passphrase", secret, "--board", "NO-SUCH-KIT"],
    ])
    func errorsNeverEchoTheKey(_ args: [String]) throws {
        let r = try run(args + ["--duration", "1m", "--no-compare"])
        #expect(leaks(r.out + r.err).isEmpty)
        #expect(!String(decoding: r.out + r.err, as: UTF8.self).contains("Pssst"))
    }

    @Test func aHardwareRunWithoutHardwareSaysSoAndNotTheKey() throws {
        let r = try run(["run", "--board", "LINUX-SBC-43439"], environment: ["WIFI_PASSWORD": Self.secret])
        #expect(r.status != 0)
        #expect(!r.err.isEmpty)
        #expect(leaks(r.out + r.err).isEmpty)
    }
}
