import CGPIOD
import CYW43

/// CYW43 `GSPITransport` over a Linux spidev node (`/dev/spidev<bus>.<cs>`).
///
/// Each `transact` is one SPI_IOC_MESSAGE of one or two transfers built by
/// `GSPITransferPlan` (CS held from the command word to the last status byte). The
/// mode, the clock and the wiring come from `SPIBusConfig` and can be changed at run
/// time (`reconfigure`), e.g. to raise the clock after the 0xFEEDBEAD probe.
public final class SpidevGSPITransport: GSPITransport {
    public let path: String
    public private(set) var config: SPIBusConfig
    /// The last failure in full (BusError itself carries no strings); nil after success.
    public private(set) var lastError: SPIDevError?
    /// Completed transactions (diagnostics).
    public private(set) var transactions: UInt64 = 0
    private let fd: Int32

    /// Opens and configures the node. Throws with the path, errno and a hint.
    public init(path: String, config: SPIBusConfig = SPIBusConfig()) throws(SPIDevError) {
        self.path = path
        self.config = config
        let fd = Syscalls.openReadWrite(path)
        if fd < 0 {
            let e = Syscalls.errno
            throw .open(path: path, errno: e,
                        available: Syscalls.listDirectory("/dev", prefix: "spidev").map { "/dev/" + $0 })
        }
        self.fd = fd
        do throws(SPIDevError) { try apply(config) } catch {
            Syscalls.close(fd)
            throw error
        }
    }

    deinit { Syscalls.close(fd) }

    /// Applies new settings (mode word, bits per word, maximum clock).
    public func reconfigure(_ newConfig: SPIBusConfig) throws(SPIDevError) {
        try apply(newConfig)
        config = newConfig
    }

    private func apply(_ c: SPIBusConfig) throws(SPIDevError) {
        let bits = c.modeBits.rawValue
        if bits > 0xFF {
            var m32 = bits
            if Syscalls.ioctl(fd, SPIIoctl.writeMode32, &m32) < 0 {
                throw .modeRejected(path: path, modeBits: bits, errno: Syscalls.errno)
            }
        } else {
            var m8 = UInt8(bits)
            if Syscalls.ioctl(fd, SPIIoctl.writeMode, &m8) < 0 {
                throw .modeRejected(path: path, modeBits: bits, errno: Syscalls.errno)
            }
        }
        var b = c.bitsPerWord
        if Syscalls.ioctl(fd, SPIIoctl.writeBitsPerWord, &b) < 0 {
            throw .ioctl(path: path, request: "SPI_IOC_WR_BITS_PER_WORD", errno: Syscalls.errno)
        }
        var hz = c.speedHz
        if Syscalls.ioctl(fd, SPIIoctl.writeMaxSpeedHz, &hz) < 0 {
            throw .ioctl(path: path, request: "SPI_IOC_WR_MAX_SPEED_HZ", errno: Syscalls.errno)
        }
    }

    /// The clock the controller reports (SPI_IOC_RD_MAX_SPEED_HZ); spi-bcm2835 rounds to
    /// core clock / even divider, so check what was granted (docs/linux-sbc.md §2.3).
    public func reportedMaxSpeedHz() throws(SPIDevError) -> UInt32 {
        var hz: UInt32 = 0
        if Syscalls.ioctl(fd, SPIIoctl.readMaxSpeedHz, &hz) < 0 {
            throw .ioctl(path: path, request: "SPI_IOC_RD_MAX_SPEED_HZ", errno: Syscalls.errno)
        }
        return hz
    }

    public func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
        let plan: GSPITransferPlan
        do throws(GSPIPlanError) {
            plan = try GSPITransferPlan(write: write, read: read, config: config)
        } catch {
            lastError = .plan(error)
            throw BusError.linux(.plan(error))
        }
        let request = plan.request
        let rc = plan.withTransfers { xfers, _ in Syscalls.ioctl(fd, request, UnsafeMutableRawPointer(xfers)) }
        if rc < 0 {
            let e = SPIDevError.ioctl(path: path, request: "SPI_IOC_MESSAGE(\(plan.count))", errno: Syscalls.errno)
            lastError = e
            throw BusError.linux(e)
        }
        lastError = nil
        transactions &+= 1
    }
}
