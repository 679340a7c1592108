import Foundation
import Glibc
import Testing
import Net
import Runtime

/// Our stack against the Linux kernel as the peer, in a network namespace this test owns:
/// DHCP from dnsmasq, ARP and ping from the kernel, TCP to a kernel echo server with a
/// transfer larger than the window and induced loss of our segments, clean close. The
/// kernel is the judge: no RST, no kernel retransmission, every byte echoed intact.
/// Needs root, `ip`, /usr/sbin/dnsmasq, /dev/net/tun and python3; otherwise it prints
/// the reason and is skipped.
@Suite(.serialized) struct KernelPeerTests {
    static func available() -> Bool {
        if let reason = KernelNamespace.unavailableReason() {
            print("KernelPeerTests skipped: \(reason)")
            return false
        }
        return true
    }

    static let echoServer = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((sys.argv[1], int(sys.argv[2])))
        s.listen(1)
        print("listening", flush=True)
        while True:
            c, peer = s.accept()
            total = 0
            while True:
                d = c.recv(65536)
                if not d:
                    break
                c.sendall(d)
                total += len(d)
            c.close()
            print("closed %s:%d %d" % (peer[0], peer[1], total), flush=True)
        """

    static let echoPort: UInt16 = 50007

    @Test(.enabled(if: KernelPeerTests.available()), .timeLimit(.minutes(2)))
    func kernelIsTheJudge() throws {
        let ns = KernelNamespace()
        defer { ns.tearDown() }
        try ns.setUp()

        // The kernel's TCP echo server.
        let script = ns.scratchPath("echo.py")
        try Self.echoServer.write(toFile: script, atomically: true, encoding: .utf8)
        _ = try ns.spawn(["python3", script, ns.kernelIP, String(Self.echoPort)], log: "echo.log")
        var listening = false
        for _ in 0..<100 where !listening {
            listening = ns.exec(["ss", "-ltn"]).1.contains("\(ns.kernelIP):\(Self.echoPort)")
            if !listening { usleep(50_000) }
        }
        try #require(listening, "echo server did not start: \(ns.logContents("echo.log"))")

        let driver = TapDriver(fd: ns.tapFD, mac: MACAddress(0x02, 0x53, 0x57, 0x49, 0x46, 0x54))
        defer { driver.detach() }
        let iface = driver.iface!

        // 1. DHCP lease from dnsmasq.
        iface.configureAddress(.dhcp(DhcpClient.Config()), now: driver.now)
        let leased = driver.pump(timeout: .seconds(30)) { iface.ipv4Config != nil }
        try #require(leased, "no lease; dnsmasq said: \(ns.logContents("dnsmasq.log"))")
        let ourIP = iface.ipv4Config!.address
        let ourIPString = ourIP.bytes.map(String.init).joined(separator: ".")
        #expect(ourIPString.hasPrefix(ns.subnetPrefix + "."))
        print("KernelPeerTests: leased \(ourIPString) in namespace \(ns.name)")

        // 2. The kernel pings us (ARP + ICMP echo) while our stack runs.
        let ping = try ns.spawn(["ping", "-c", "3", "-i", "0.2", "-W", "2", ourIPString], log: "ping.log")
        driver.pump(timeout: .seconds(15)) { !ping.isRunning }
        ping.waitUntilExit()
        #expect(ping.terminationStatus == 0, "ping failed: \(ns.logContents("ping.log"))")

        // 3. TCP client (local port 3353, as the C example's socket 0) to the echo server.
        let socket = TcpSocket(receiveCapacity: 8192, sendCapacity: 8192, seed: UInt64(getpid()))
        iface.addTcpSocket(socket)
        let kernel = TcpEndpoint(address: IPv4Address(ascii: Array(ns.kernelIP.utf8))!, port: Self.echoPort)
        try socket.connect(to: kernel, localPort: 3353, now: driver.now)
        let connected = driver.pump(timeout: .seconds(10)) { socket.state == .established }
        try #require(connected, "connect failed: \(socket.state) \(String(describing: socket.closeReason))")

        var echoed: [UInt8] = []
        let hello = Array("Hello from Swift!".utf8)      // 17 bytes, like the C example
        _ = try socket.send(hello)
        driver.pump(timeout: .seconds(5)) {
            echoed += (try? socket.receive()) ?? []
            return echoed.count >= hello.count
        }
        #expect(echoed == hello)

        // 4. A transfer much larger than either window, with three of our data segments
        //    dropped on the way out (our retransmission must repair them).
        var rng = SeededRandom(seed: 0x5EED)
        let message = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let first = driver.dataSegmentsOut
        driver.dropDataSegments = [first + 5, first + 40, first + 41]
        echoed = []
        var offset = 0
        let bulkDone = driver.pump(timeout: .seconds(60)) {
            if offset < message.count, socket.canSend {
                offset += message[offset..<min(offset + 8192, message.count)].withUnsafeBytes {
                    (try? socket.send($0)) ?? 0
                }
            }
            echoed += (try? socket.receive()) ?? []
            return echoed.count >= message.count
        }
        #expect(bulkDone, "echoed \(echoed.count) of \(message.count)")
        #expect(echoed == message)
        #expect(driver.dropped == 3)
        #expect(socket.counters.retransmissions >= 3)
        print("KernelPeerTests: counters \(socket.counters)")

        // 5. Clean close: our FIN, the server's FIN, TIME-WAIT on our side.
        socket.close()
        let closed = driver.pump(timeout: .seconds(10)) { socket.state == .timeWait }
        #expect(closed, "close ended in \(socket.state)")
        driver.pump(timeout: .milliseconds(300))
        #expect(socket.closeReason == nil || socket.closeReason == .normal)

        // The judge.
        let k = ns.kernelTcpCounters()
        print("KernelPeerTests: kernel Tcp counters \(k)")
        #expect(k["RetransSegs"] == 0, "the kernel retransmitted")
        #expect(k["OutRsts"] == 0, "the kernel sent RST")
        #expect(k["EstabResets"] == 0 && k["AttemptFails"] == 0)
        #expect(k["InErrs"] == 0 && k["InCsumErrors"] == 0, "the kernel saw bad segments")
        let sockets = ns.exec(["ss", "-tani"]).1
        #expect(!sockets.contains("ESTAB"), "kernel sockets left: \(sockets)")
        let serverLog = ns.logContents("echo.log")
        #expect(serverLog.contains("closed \(ourIPString):3353 \(hello.count + message.count)"), "server: \(serverLog)")
    }
}
