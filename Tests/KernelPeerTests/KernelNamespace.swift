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
    private let scratch: URL

    /// Why the kernel test cannot run here, or nil.
    static func unavailableReason() -> String? {
        if getuid() != 0 { return "not root" }
        if which("ip") == nil { return "ip (iproute2) missing" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/dnsmasq") { return "/usr/sbin/dnsmasq missing" }
        if !FileManager.default.fileExists(atPath: "/dev/net/tun") { return "/dev/net/tun missing" }
        if which("python3") == nil { return "python3 missing" }
        return nil
    }

    static func which(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
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
    //
    // Processes are started with posix_spawn and reaped with waitpid by pid, not with
    // Foundation.Process: its child reaper blocks in wait4 on a long-running sibling
    // (dnsmasq) and a later short command then never completes.

    /// A process this test started (its pid and where its output goes).
    final class Child {
        let pid: pid_t
        /// Exit status once reaped (a reaped pid is never signalled again).
        private(set) var status: Int32?
        init(pid: pid_t) { self.pid = pid }

        /// True while it runs; reaps it once it ended.
        var isRunning: Bool {
            if status != nil { return false }
            var st: Int32 = 0
            let r = waitpid(pid, &st, WNOHANG)
            if r == 0 { return true }
            status = r == pid ? Self.decode(st) : -1
            return false
        }
        /// Waits for it to end; returns its exit status.
        @discardableResult
        func wait() -> Int32 {
            if let status { return status }
            var st: Int32 = 0
            var r: pid_t
            repeat { r = waitpid(pid, &st, 0) } while r < 0 && errno == EINTR
            status = r == pid ? Self.decode(st) : -1
            return status!
        }
        /// Kills it unless it was already reaped.
        func kill() {
            if status == nil { Glibc.kill(pid, SIGKILL) }
        }
        private static func decode(_ st: Int32) -> Int32 { st & 0x7f == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f) }
    }

    private var children: [Child] = []

    /// posix_spawnp with stdin from /dev/null and stdout+stderr to `outputPath`.
    static func start(_ args: [String], outputPath: String) -> Child? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, args[0], &actions, nil, &argv, environ) == 0 else { return nil }
        return Child(pid: pid)
    }

    /// Runs a command to completion; returns (status, stdout+stderr).
    @discardableResult
    static func run(_ args: [String]) -> (Int32, String) {
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("swtcp-run-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))").path
        defer { unlink(out) }
        guard let child = start(args, outputPath: out) else { return (-1, "spawn \(args[0]) failed") }
        let status = child.wait()
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    /// Runs a command inside the namespace to completion.
    @discardableResult
    func exec(_ args: [String]) -> (Int32, String) {
        Self.run(["ip", "netns", "exec", name] + args)
    }

    /// Starts a long-running command inside the namespace (killed by `tearDown`); its
    /// output goes to `log` in the scratch directory.
    func spawn(_ args: [String], log: String) throws -> Child {
        guard let child = Self.start(["ip", "netns", "exec", name] + args, outputPath: scratchPath(log)) else {
            throw SetupError.step("spawn", args.joined(separator: " "))
        }
        children.append(child)
        return child
    }

    func logContents(_ log: String) -> String {
        (try? String(contentsOfFile: scratchPath(log), encoding: .utf8)) ?? ""
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
        // `ip netns exec` execs the command, so each child's pid is the process itself.
        for c in children { c.kill() }
        for c in children { c.wait() }
        children.removeAll()
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
