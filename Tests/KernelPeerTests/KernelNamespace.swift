import Foundation
import Glibc

/// A network namespace this test owns, with a TAP interface created *inside* it (never in
/// the root namespace), a DHCP server (dnsmasq) and helper processes running in it. Every
/// process it starts runs in the namespace; `tearDown` kills them by pid and deletes the
/// namespace. Linux only, root only.
final class KernelNamespace {
    let name: String
    let tapName: String
    /// The kernel side's address on the TAP (10.213.x.1/24).
    let kernelIP: String
    let subnetPrefix: String
    private(set) var tapFD: Int32 = -1
    private var processes: [Process] = []
    private let scratch: URL

    /// Why the kernel test cannot run here, or nil.
    static func unavailableReason() -> String? {
        if getuid() != 0 { return "not root" }
        for tool in ["/usr/sbin/ip", "/usr/sbin/dnsmasq"] where !FileManager.default.isExecutableFile(atPath: tool) {
            if tool.hasSuffix("ip"), FileManager.default.isExecutableFile(atPath: "/sbin/ip") { continue }
            return "\(tool) missing"
        }
        if !FileManager.default.fileExists(atPath: "/dev/net/tun") { return "/dev/net/tun missing" }
        if which("python3") == nil { return "python3 missing" }
        return nil
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    init() {
        let pid = getpid()
        let tag = UInt32.random(in: 0..<0xFFFF)
        name = "swtcp-\(pid)-\(tag)"
        tapName = "swtap\(tag)"
        let x = 20 + Int(pid % 200)
        subnetPrefix = "10.213.\(x)"
        kernelIP = "\(subnetPrefix).1"
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    // MARK: commands

    /// Runs a command to completion; returns (status, stdout+stderr).
    @discardableResult
    static func run(_ args: [String]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a command inside the namespace to completion.
    @discardableResult
    func exec(_ args: [String]) -> (Int32, String) {
        Self.run(["ip", "netns", "exec", name] + args)
    }

    /// Starts a long-running command inside the namespace (killed by `tearDown`); its
    /// output goes to a file in the scratch directory.
    func spawn(_ args: [String], log: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ip", "netns", "exec", name] + args
        let url = scratch.appendingPathComponent(log)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        processes.append(p)
        return p
    }

    func logContents(_ log: String) -> String {
        (try? String(contentsOf: scratch.appendingPathComponent(log), encoding: .utf8)) ?? ""
    }

    func scratchPath(_ file: String) -> String { scratch.appendingPathComponent(file).path }

    // MARK: setup

    enum SetupError: Error, CustomStringConvertible {
        case step(String, String)
        var description: String { if case .step(let s, let o) = self { return "\(s): \(o)" }; return "" }
    }

    /// Creates the namespace and the TAP inside it, addresses the kernel side, starts
    /// dnsmasq on the TAP.
    func setUp() throws {
        let (s, o) = Self.run(["ip", "netns", "add", name])
        guard s == 0 else { throw SetupError.step("ip netns add", o) }
        tapFD = try openTapInsideNamespace()
        for cmd in [["ip", "link", "set", "lo", "up"],
                    ["ip", "addr", "add", "\(kernelIP)/24", "dev", tapName],
                    ["ip", "link", "set", tapName, "up"]] {
            let (s, o) = exec(cmd)
            guard s == 0 else { throw SetupError.step(cmd.joined(separator: " "), o) }
        }
        // The TAP exists only in our namespace.
        let (_, rootLinks) = Self.run(["ip", "-o", "link", "show"])
        guard !rootLinks.contains(tapName) else { throw SetupError.step("TAP leaked", rootLinks) }
        _ = try spawn(["/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                       "--interface=\(tapName)", "--bind-interfaces", "--no-ping", "--no-resolv", "--no-hosts",
                       "--user=root", "--log-dhcp",
                       "--dhcp-range=\(subnetPrefix).50,\(subnetPrefix).150,255.255.255.0,1h",
                       "--dhcp-leasefile=\(scratchPath("leases"))", "--pid-file=\(scratchPath("dnsmasq.pid"))"],
                      log: "dnsmasq.log")
    }

    /// setns(2) is not exported by Glibc's Swift module (it needs _GNU_SOURCE).
    private typealias SetNS = @convention(c) (Int32, Int32) -> Int32

    /// Opens /dev/net/tun with TUNSETIFF from a thread that has joined the namespace, so
    /// the kernel creates the TAP there. The thread ends afterwards; the fd stays valid.
    private func openTapInsideNamespace() throws -> Int32 {
        final class Outcome: @unchecked Sendable { var fd: Int32 = -1; var failure = "" }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let nsPath = "/var/run/netns/\(name)"
        let tap = tapName
        let thread = Thread {
            defer { done.signal() }
            guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { outcome.failure = "no setns"; return }
            let setns = unsafeBitCast(sym, to: SetNS.self)
            let nsfd = open(nsPath, O_RDONLY | O_CLOEXEC)
            guard nsfd >= 0 else { outcome.failure = "open \(nsPath): \(errno)"; return }
            defer { close(nsfd) }
            guard setns(nsfd, 0x4000_0000 /* CLONE_NEWNET */) == 0 else { outcome.failure = "setns: \(errno)"; return }
            let fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { outcome.failure = "open tun: \(errno)"; return }
            // struct ifreq: char ifr_name[16]; short ifr_flags (IFF_TAP 0x0002 | IFF_NO_PI 0x1000).
            var ifr = [UInt8](repeating: 0, count: 40)
            for (i, c) in tap.utf8.enumerated() { ifr[i] = c }
            ifr[16] = 0x02; ifr[17] = 0x10
            let r = ifr.withUnsafeMutableBytes { ioctl(fd, UInt(0x4004_54ca) /* TUNSETIFF */, $0.baseAddress!) }
            guard r == 0 else { outcome.failure = "TUNSETIFF: \(errno)"; close(fd); return }
            outcome.fd = fd
        }
        thread.start()
        done.wait()
        guard outcome.fd >= 0 else { throw SetupError.step("TAP", outcome.failure) }
        return outcome.fd
    }

    /// Kills every process started here (and anything else left in the namespace), closes
    /// the TAP and deletes the namespace. Safe to call more than once.
    func tearDown() {
        for p in processes where p.isRunning {
            kill(p.processIdentifier, SIGTERM)
        }
        // `ip netns exec` children (dnsmasq, python) live in the namespace: end them by pid.
        let (_, pids) = Self.run(["ip", "netns", "pids", name])
        for line in pids.split(separator: "\n") {
            if let pid = Int32(line.trimmingCharacters(in: .whitespaces)) { kill(pid, SIGKILL) }
        }
        for p in processes { p.waitUntilExit() }
        processes.removeAll()
        if tapFD >= 0 { close(tapFD); tapFD = -1 }
        Self.run(["ip", "netns", "del", name])
        try? FileManager.default.removeItem(at: scratch)
    }

    /// TCP counters of the namespace's kernel (/proc/net/snmp, "Tcp:" lines).
    func kernelTcpCounters() -> [String: Int] {
        let (_, text) = exec(["cat", "/proc/net/snmp"])
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
        guard lines.count >= 2 else { return [:] }
        let keys = lines[0].split(separator: " ").dropFirst()
        let values = lines[1].split(separator: " ").dropFirst()
        var out: [String: Int] = [:]
        for (k, v) in zip(keys, values) { out[String(k)] = Int(v) }
        return out
    }
}
