#if canImport(Glibc)
import Glibc
#endif

/// The socket calls of the echo server (Glibc: socket, setsockopt, bind, listen,
/// accept, recv, send).
enum EchoListener {
    struct SocketError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "[Errno \(code)] \(call): \(String(cString: strerror(code)))" }
    }

    /// An IPv4 stream socket with TCP_NODELAY, bound to `address:port`, listening with
    /// backlog 1 (as tcp_server.py does).
    static func open(address: String, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &sin.sin_addr) == 1 else {
            close(fd); throw SocketError(call: "inet_pton(\(address))", code: EINVAL)
        }
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { let e = errno; close(fd); throw SocketError(call: "bind", code: e) }
        guard listen(fd, 1) == 0 else { let e = errno; close(fd); throw SocketError(call: "listen", code: e) }
        return fd
    }

    /// Waits for a client; nil on a transient accept failure.
    static func accept(_ listener: Int32) -> (Int32, String, UInt16)? {
        var sin = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = withUnsafeMutablePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &len) }
        }
        guard fd >= 0 else { return nil }
        var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &sin.sin_addr, &buf, socklen_t(buf.count))
        let ip = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (fd, ip, UInt16(bigEndian: sin.sin_port))
    }

    /// Echo loop for one client: print each chunk, send it back; ends on close or reset.
    static func serve(_ fd: Int32, peerIP: String) {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return }                                  // peer closed
            if n < 0 {
                if errno == EINTR { continue }
                say("Connection ended: \(String(cString: strerror(errno)))")   // e.g. reset by peer
                return
            }
            let data = Array(buf[0..<n])
            say("('\(timestamp()) ', '\(peerIP)', ':', '\(String(decoding: data, as: UTF8.self))')")
            say("")
            var off = 0
            while off < n {
                let s = data.withUnsafeBytes { send(fd, $0.baseAddress! + off, n - off, Int32(MSG_NOSIGNAL)) }
                if s < 0 { if errno == EINTR { continue }; return }
                off += s
            }
        }
    }

    /// Local time as Python's `time.strftime("%b %d %H:%M:%S")`.
    static func timestamp() -> String {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        var out = [CChar](repeating: 0, count: 32)
        let n = strftime(&out, out.count, "%b %d %H:%M:%S", &tmv)
        return String(decoding: out[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
