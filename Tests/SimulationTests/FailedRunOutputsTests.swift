import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 15 §2: every run of the real `tcp-keepalive` binary, however it ends, writes the
/// files it was asked for: the log, the air capture, the JSON report (with the phase it
/// reached and the reason it failed) and the picture.
@Suite(.serialized) struct FailedRunOutputsTests {
    struct Files {
        let dir: URL
        var pcap: URL { dir.appendingPathComponent("air.pcap") }
        var report: URL { dir.appendingPathComponent("report.json") }
        var svg: URL { dir.appendingPathComponent("timeline.svg") }
        var log: URL { dir.appendingPathComponent("console.log") }
        var arguments: [String] { ["--pcap", pcap.path, "--report", report.path, "--svg", svg.path, "--log", log.path] }
    }

    struct Outcome { var status: Int32; var out: String; var err: String; var files: Files }

    func run(_ args: [String]) throws -> Outcome {
        let bin = try #require(builtProduct("tcp-keepalive", "TcpKeepalive"), "tcp-keepalive not built next to the tests")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("failed-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let files = Files(dir: dir)
        let p = Process()
        p.executableURL = bin
        p.arguments = args + ["--no-compare"] + files.arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
                       err: String(decoding: e, as: UTF8.self), files: files)
    }

    /// Checks the four files of a failed run; returns the report's outcome object.
    func checkFiles(_ r: Outcome, phase: String, reasonContains: String) throws {
        defer { try? FileManager.default.removeItem(at: r.files.dir) }
        #expect(r.status == 2)
        let reason = try #require(r.err.split(separator: "\n").last.map(String.init))
        #expect(reason.hasPrefix("tcp-keepalive: error: "))
        #expect(reason.contains(reasonContains), "stderr: \(r.err)")
        let why = String(reason.dropFirst("tcp-keepalive: error: ".count))

        let json = try Data(contentsOf: r.files.report)
        let obj = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let outcome = try #require(obj["outcome"] as? [String: Any], "report has no outcome")
        #expect(outcome["completed"] as? Bool == false)
        #expect(outcome["phase"] as? String == phase)
        #expect(outcome["failure"] as? String == why)
        #expect(obj["board"] as? String == "CY8CPROTO-062-4343W")

        let pcap = [UInt8](try Data(contentsOf: r.files.pcap))
        #expect(pcap.count >= 24)
        #expect(Array(pcap.prefix(4)) == [0xD4, 0xC3, 0xB2, 0xA1])   // little-endian microsecond pcap

        let svg = try String(contentsOf: r.files.svg, encoding: .utf8)
        let doc = try XMLDocument(xmlString: svg)
        #expect(doc.rootElement()?.name == "svg")
        #expect(svg.contains(phase == "not_started" ? "not started" : "FAILED while \(phase)"))

        let log = try String(contentsOf: r.files.log, encoding: .utf8)
        #expect(log.hasSuffix(reason + "\n"), "the log ends with the error line")
    }

    @Test func wrongPassphraseStillWritesEverything() throws {
        let r = try run(["--passphrase", "not-the-aps-key"])
        try checkFiles(r, phase: "joining", reasonContains: "cannot join")
        #expect(r.out.contains("FAILED while joining"))
    }

    @Test func noDHCPServerStillWritesEverything() throws {
        let r = try run(["--no-dhcp-server"])
        try checkFiles(r, phase: "waiting_for_address", reasonContains: "DHCP")
    }

    /// A dead server does not end the run (the kit sleeps and retries, as the CE does), so
    /// the run completes; its files show the connection that never came up.
    @Test func deadServerRunWritesEverythingAndShowsTheConnection() throws {
        let r = try run(["--no-echo-server", "--duration", "1m"])
        defer { try? FileManager.default.removeItem(at: r.files.dir) }
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: r.files.report)) as? [String: Any])
        let conns = try #require(obj["connections"] as? [[String: Any]])
        #expect(conns.first?["final_state"] as? String != "ESTABLISHED")
        #expect(try Data(contentsOf: r.files.pcap).count > 24)     // the SYNs nobody answered
        #expect(FileManager.default.fileExists(atPath: r.files.svg.path))
        #expect(try String(contentsOf: r.files.log, encoding: .utf8).contains("Socket"))
    }

    /// The air capture of a failed join holds the device's attempts (it is evidence, not
    /// an empty file), and the log holds the C example's lines up to the failure.
    @Test func theEvidenceOfAFailedJoinIsInTheFiles() throws {
        let r = try run(["--passphrase", "not-the-aps-key"])
        defer { try? FileManager.default.removeItem(at: r.files.dir) }
        let log = try String(contentsOf: r.files.log, encoding: .utf8)
        #expect(log.contains("CE229926"))
        #expect(log.contains("Wi-Fi connection failed"))
        let summary = try Data(contentsOf: r.files.report)
        #expect(!summary.isEmpty)
    }

    @Test(arguments: [["--board", "NO-SUCH-KIT"], ["--duration", "forever"], ["--tap", "nosuchtap0"]])
    func aRunThatNeverStartedLeavesFilesThatSaySo(_ args: [String]) throws {
        let r = try run(args)
        let board = args[0] == "--board" ? "NO-SUCH-KIT" : "CY8CPROTO-062-4343W"
        if board == "CY8CPROTO-062-4343W" {
            try checkFiles(r, phase: "not_started", reasonContains: args[0])
        } else {
            defer { try? FileManager.default.removeItem(at: r.files.dir) }
            #expect(r.status == 2)
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: r.files.report)) as? [String: Any])
            #expect(obj["board"] as? String == "NO-SUCH-KIT")
            #expect((obj["outcome"] as? [String: Any])?["phase"] as? String == "not_started")
            #expect(FileManager.default.fileExists(atPath: r.files.pcap.path))
            #expect(FileManager.default.fileExists(atPath: r.files.svg.path))
        }
    }

    @Test func aCompletedRunSaysSo() throws {
        let r = try run(["--duration", "30s"])
        defer { try? FileManager.default.removeItem(at: r.files.dir) }
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: r.files.report)) as? [String: Any])
        let outcome = try #require(obj["outcome"] as? [String: Any])
        #expect(outcome["completed"] as? Bool == true)
        #expect(outcome["failure"] is NSNull)
        #expect(outcome["phase"] as? String == "suspended")
        let log = try String(contentsOf: r.files.log, encoding: .utf8)
        #expect(log.contains("Network Stack Suspended"))
        #expect(log.contains("[air] "))
    }
}
