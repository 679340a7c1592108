import Glibc
import Simulation

/// The world's air side bridged to a TAP interface that already exists (in the network
/// namespace the chip process runs in): the kernel behind it is the AP's LAN.
final class TapPort: ExternalLink {
    let fd: Int32
    private(set) var sent = 0, received = 0, sendErrors = 0
    private var buffer = [UInt8](repeating: 0, count: 2048)

    init?(name: String) {
        let f = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard f >= 0 else { return nil }
        // struct ifreq: ifr_name[16], then ifr_flags (IFF_TAP | IFF_NO_PI); TUNSETIFF = _IOW('T', 202, int).
        var ifr = [UInt8](repeating: 0, count: 40)
        for (i, b) in name.utf8.prefix(15).enumerated() { ifr[i] = b }
        let flags: UInt16 = 0x0002 | 0x1000
        ifr[16] = UInt8(flags & 0xFF); ifr[17] = UInt8(flags >> 8)
        let tunsetiff: UInt = 0x4004_54CA
        guard ifr.withUnsafeMutableBytes({ ioctl(f, tunsetiff, $0.baseAddress!) }) == 0 else { close(f); return nil }
        fd = f
    }

    func send(_ frame: [UInt8]) {
        let n = frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n == frame.count { sent += 1 } else { sendErrors += 1 }
    }

    func receive() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(Array(buffer[0..<n]))
            received += 1
        }
        return out
    }
}
