import Runtime
import Net

/// The seed's tcp_server.py on the virtual LAN (docs/tko-offload.md §7), built on our own Net
/// stack so it is a real TCP peer: one listening socket, one client at a time, every
/// received byte echoed back, the client's close answered with a close, back to
/// listening after a close or a reset. Its console lines go to `log` in the spirit of
/// the Python prints.
public final class EchoServerHost: ScriptableServer {
    public let mac: MACAddress
    public let ip: IPv4Address
    public let port: UInt16
    public private(set) var iface: Interface
    public private(set) var socket: TcpSocket
    public var log: Log?
    /// Added to virtual time for the printed date (like the pcap offset).
    public var clockOffsetSeconds: UInt64 = 0

    public struct Stats: Equatable, Sendable {
        public var connectionsAccepted = 0
        public var bytesReceived = 0
        public var bytesEchoed = 0
        public var bytesScripted = 0
        public var reboots = 0
    }
    public private(set) var stats = Stats()
    /// The connected client, if any.
    public private(set) var client: TcpEndpoint?

    private let netmask: IPv4Address
    private let gateway: IPv4Address?
    private let clock: any Platform
    private let sink: Sink
    private var relisten = false
    private var seed: UInt64 = 0x5E_C0DE

    /// Sends the interface's frames onto the LAN.
    private final class Sink: FrameSink {
        unowned(unsafe) let port: any LanPort
        let mac: MACAddress
        init(port: any LanPort, mac: MACAddress) { self.port = port; self.mac = mac }
        func transmit(_ frame: UnsafeRawBufferPointer) { port.send(Array(frame), from: mac) }
    }

    public init(mac: MACAddress, ip: IPv4Address, netmask: IPv4Address, gateway: IPv4Address?,
                port: UInt16, clock: any Platform, lan: any LanPort, log: Log? = nil) {
        self.mac = mac; self.ip = ip; self.port = port; self.netmask = netmask; self.gateway = gateway
        self.clock = clock; self.log = log
        sink = Sink(port: lan, mac: mac)
        (iface, socket) = Self.makeStack(mac: mac, ip: ip, netmask: netmask, gateway: gateway,
                                        port: port, sink: sink, seed: seed, now: clock.now)
        if let log {
            log.line("==========================")
            log.line("TCP Server")
            log.line("==========================")
            log.text("Listening on: ").udec(UInt64(port)).end()
        }
    }

    private static func makeStack(mac: MACAddress, ip: IPv4Address, netmask: IPv4Address, gateway: IPv4Address?,
                                  port: UInt16, sink: Sink, seed: UInt64, now: Instant) -> (Interface, TcpSocket) {
        var c = Interface.Config(mac: mac)
        c.randomSeed = seed
        let iface = Interface(config: c, sink: sink)
        iface.setIPv4Config(IPv4Config(address: ip, netmask: netmask, gateway: gateway), now: now)
        let s = TcpSocket(receiveCapacity: 4096, sendCapacity: 8192, config: linuxTcp, seed: seed)
        do { try s.listen(port: port) } catch { /* port is non-zero and the socket new: cannot fail */ }
        iface.addTcpSocket(s)
        return (iface, s)
    }

    /// The server's TCP behaves as a Linux kernel's does where the device depends on it
    /// (found by running against one): RTO from 200 ms (TCP_RTO_MIN), doubling per
    /// retransmission; an out-of-window segment without data (a keepalive probe) answered
    /// at most once per 500 ms (`tcp_invalid_ratelimit`).
    public static var linuxTcp: TcpConfig {
        var c = TcpConfig()
        c.minimumRetransmissionTimeout = .milliseconds(200)
        c.outOfWindowAckInterval = .milliseconds(500)
        c.maximumRetransmissions = 15                 // tcp_retries2
        return c
    }

    // MARK: LanHost

    public var nextDeadline: Instant? {
        if relisten { return clock.now }
        return iface.pollAt(now: clock.now)
    }

    public func receive(_ frame: [UInt8], now: Instant) {
        frame.withUnsafeBytes { iface.receive(frame: $0, now: now) }
        service(now)
    }

    public func advance(to now: Instant) { service(now) }

    /// Accept, read, echo, answer a close; then let the stack send.
    private func service(_ now: Instant) {
        iface.poll(now: now)
        if let peer = socket.accept() {
            client = peer
            stats.connectionsAccepted += 1
            log?.text("('Incoming connection accepted: ', ('").ipv4(peer.address.value)
                .text("', ").udec(UInt64(peer.port)).text("))").end()
        }
        while socket.receiveQueueCount > 0 {
            let data: [UInt8]
            do { data = try socket.receive(max: socket.sendCapacityLeft) } catch { break }
            if data.isEmpty { break }
            stats.bytesReceived += data.count
            if let log, let c = client {
                log.text("('"); printDate(now, log); log.text(" ', '").ipv4(c.address.value)
                    .text("', ':', '").ascii(data).text("')").end()
                log.end()
            }
            if socket.canSend, let n = try? socket.send(data) { stats.bytesEchoed += n }
        }
        if socket.peerClosed && (socket.state == .closeWait) {
            socket.close()                       // recv() returned b'' -> conn.close()
        }
        if client != nil && (socket.state == .listen || socket.state == .closed) {
            client = nil
            log?.text("Listening on: ").udec(UInt64(port)).end()
        }
        iface.poll(now: now)
        if relisten {
            relisten = false
            if socket.state == .closed { try? socket.listen(port: port) }
        }
    }

    // MARK: ScriptableServer

    public func sendToClient(_ bytes: [UInt8], now: Instant) {
        guard socket.canSend, let n = try? socket.send(bytes) else { return }
        stats.bytesScripted += n
        iface.poll(now: now)
    }

    public var scriptedBytesAccepted: Int { stats.bytesScripted }

    public func setReceiveWindow(_ bytes: Int, now: Instant) {
        socket.limitReceiveWindow(to: bytes)
        iface.poll(now: now)
    }

    public func closeClient(now: Instant) {
        guard socket.state.isSynchronized else { return }
        socket.close()
        iface.poll(now: now)
    }

    public func resetClient(now: Instant) {
        guard socket.state.isSynchronized || socket.state == .synReceived else { return }
        socket.abort()                           // RST now, then listen again
        relisten = true
        iface.poll(now: now)
    }

    public func reboot(now: Instant) {
        stats.reboots += 1
        seed &+= 0x9E37_79B9
        client = nil
        relisten = false
        (iface, socket) = Self.makeStack(mac: mac, ip: ip, netmask: netmask, gateway: gateway,
                                        port: port, sink: sink, seed: seed, now: now)
    }

    // MARK: the Python server's date stamp ("%b %d %H:%M:%S")

    private func printDate(_ t: Instant, _ log: Log) {
        let secs = t.microseconds / 1_000_000 + clockOffsetSeconds
        let (m, d) = Self.monthDay(daysSinceEpoch: Int64(secs / 86_400))
        let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        log.text(months[m - 1]).text(" ").udec(UInt64(d), width: 2).text(" ")
        let s = secs % 86_400
        log.udec(s / 3600, width: 2).text(":").udec((s / 60) % 60, width: 2).text(":").udec(s % 60, width: 2)
    }

    /// Civil month and day from days since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func monthDay(daysSinceEpoch z0: Int64) -> (Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m), Int(d))
    }
}
