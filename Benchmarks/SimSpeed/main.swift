// sim-speed: simulated seconds per wall-clock second of the simulated kit, for a day
// (default) with and without keepalive offload. Runs the `tcp-keepalive` executable
// that sits next to this one (same build folder) and reads its JSON report.
//
//     swift run -c release sim-speed [--duration 24h] [--board NAME]
import Foundation

func fail(_ s: String) -> Never {
    FileHandle.standardError.write(Data("sim-speed: error: \(s)\n".utf8))
    exit(2)
}

var duration = "24h"
var board: String? = nil
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--duration":
        guard let v = args.popFirst() else { fail("--duration needs a value") }
        duration = v
    case "--board":
        guard let v = args.popFirst() else { fail("--board needs a value") }
        board = v
    case "-h", "--help":
        print("usage: sim-speed [--duration 24h] [--board NAME]"); exit(0)
    default: fail("unknown option '\(a)'")
    }
}

let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
guard let tool = ["tcp-keepalive", "TcpKeepalive"].map({ here.appendingPathComponent($0) })
        .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
    fail("tcp-keepalive not found next to \(here.path) (build it first: swift build -c release --product tcp-keepalive)")
}

print("sim-speed: \(tool.lastPathComponent) --duration \(duration)\(board.map { " --board \($0)" } ?? "")")
print("mode        simulated_s      wall_s   sim_s/wall_s   wakes   keepalives")
for offload in [true, false] {
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("sim-speed-\(getpid())-\(offload).json")
    let p = Process()
    p.executableURL = tool
    p.arguments = ["--duration", duration, "--report", report.path, "--no-compare", "--trace-limit", "0"]
        + (offload ? [] : ["--no-offload"]) + (board.map { ["--board", $0] } ?? [])
    p.standardOutput = FileHandle.nullDevice
    let start = Date()
    do { try p.run() } catch { fail("cannot start \(tool.path): \(error)") }
    p.waitUntilExit()
    let wallOuter = Date().timeIntervalSince(start)
    guard p.terminationStatus == 0 else { fail("\(tool.lastPathComponent) exited with status \(p.terminationStatus)") }
    guard let data = try? Data(contentsOf: report),
          let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let sim = obj["simulated_seconds"] as? Double else { fail("no report from \(tool.lastPathComponent)") }
    try? FileManager.default.removeItem(at: report)
    let wall = (obj["wall_seconds"] as? Double) ?? wallOuter
    let wakes = obj["host_wakeups"] as? Int ?? -1
    let ka = obj["keepalives_sent"] as? Int ?? -1
    let mode = (offload ? "offload" : "no-offload").padding(toLength: 10, withPad: " ", startingAt: 0)
    print(mode + String(format: " %12.0f %11.3f %14.0f %7d %12d", sim, wall, wall > 0 ? sim / wall : 0, wakes, ka))
}
