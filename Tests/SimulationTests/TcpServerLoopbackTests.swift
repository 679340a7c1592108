import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tcp-server` on 127.0.0.1: banner, echo, survives a client reset, serves the next client.
@Suite(.serialized) struct TcpServerLoopbackTests {
    static func binary() -> URL? { builtProduct("tcp-server", "TcpServer") }

    func connect(_ port: UInt16) -> Int32 {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let rc = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc == 0 { return fd }
            close(fd)
            usleep(20_000)
        }
        return -1
    }

    func echo(_ fd: Int32, _ text: String) -> String {
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var buf = [UInt8](repeating: 0, count: 256)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : ""
    }

    @Test(.enabled(if: binary() != nil)) func echoesSurvivesResetAndServesTheNextClient() throws {
        let port = UInt16(50_000 + getpid() % 10_000)
        let p = Process()
        p.executableURL = Self.binary()!
        p.arguments = ["--bind", "127.0.0.1", "--port", "\(port)", "--max-clients", "2"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        defer { if p.isRunning { p.terminate() } }

        let a = connect(port)
        #expect(a >= 0)
        #expect(echo(a, "Some random stuff") == "Some random stuff")
        var lin = linger(l_onoff: 1, l_linger: 0)       // close with RST
        setsockopt(a, SOL_SOCKET, SO_LINGER, &lin, socklen_t(MemoryLayout<linger>.size))
        close(a)

        let b = connect(port)
        #expect(b >= 0)
        #expect(echo(b, "again") == "again")
        close(b)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == ["==========================", "TCP Server", "==========================", "Listening on: \(port)"])
        #expect(text.contains("('Incoming connection accepted: ', ('127.0.0.1', "))
        #expect(text.contains("', '127.0.0.1', ':', 'Some random stuff')"))
        #expect(text.contains("Connection ended: Connection reset by peer"))
        #expect(lines.filter { $0 == "Listening on: \(port)" }.count == 2)
    }

    @Test(.enabled(if: binary() != nil)) func badPortIsOneClearError() throws {
        let p = Process()
        p.executableURL = Self.binary()!
        p.arguments = ["--port", "0"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("--port must be 1...65535"))
    }
}
