import Foundation
import Simulation
#if canImport(Glibc)
import Glibc
#endif

/// The air side bridged to a Linux TAP interface (`--tap IFNAME`): frames the chip
/// sends are written to the TAP file descriptor, frames the kernel sends are read from
/// it (non-blocking, polled by the world every millisecond of real-time-paced virtual
/// time). The interface must exist already (`ip tuntap add dev tap0 mode tap user $USER`).
final class TapLink: ExternalLink {
    let name: String
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 2048)
    private(set) var written = 0, read = 0, writeErrors = 0

    // linux/if_tun.h
    private static let TUNSETIFF: UInt = 0x4004_54CA      // _IOW('T', 202, int)
    private static let IFF_TAP: UInt16 = 0x0002
    private static let IFF_NO_PI: UInt16 = 0x1000

    init(name: String) throws(CommandError) {
        self.name = name
        guard !name.isEmpty, name.utf8.count < 16 else { throw .badOption("--tap", "'\(name)' is not an interface name") }
        guard if_nametoindex(name) != 0 else {
            throw CommandError("--tap \(name): no such network interface (create it: sudo ip tuntap add dev \(name) mode tap user $USER; sudo ip link set \(name) up)")
        }
        let f = open("/dev/net/tun", O_RDWR | O_NONBLOCK)
        guard f >= 0 else { throw CommandError("--tap \(name): cannot open /dev/net/tun: \(Self.errorText())") }
        // struct ifreq: char ifr_name[16]; short ifr_flags; (padded to 40 bytes)
        var ifr = [UInt8](repeating: 0, count: 40)
        for (i, b) in name.utf8.enumerated() { ifr[i] = b }
        let flags = Self.IFF_TAP | Self.IFF_NO_PI
        ifr[16] = UInt8(flags & 0xFF); ifr[17] = UInt8(flags >> 8)
        let rc = ifr.withUnsafeMutableBytes { ioctl(f, Self.TUNSETIFF, $0.baseAddress!) }
        guard rc == 0 else {
            let why = Self.errorText()
            close(f)
            throw CommandError("--tap \(name): TUNSETIFF failed: \(why) (is it a TAP device you may use?)")
        }
        fd = f
    }

    deinit { close(fd) }

    func send(_ frame: [UInt8]) {
        let n = frame.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if n == frame.count { written += 1 } else { writeErrors += 1 }
    }

    func receive() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(Array(buffer[0..<n]))
            read += 1
        }
        return out
    }

    private static func errorText() -> String {
        String(decoding: Array(UnsafeBufferPointer(start: strerror(errno), count: strlen(strerror(errno))))
            .map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
