import CGPIOD

/// spidev ioctl request numbers, computed the way <asm-generic/ioctl.h> does
/// (`_IOC(dir,type,nr,size) = dir<<30 | size<<16 | type<<8 | nr`, write = 1, read = 2;
/// asm-generic is used by x86_64, arm, arm64 and riscv). Values: docs/build-recipes.md §4
/// table; the tests also compare them with the C macros through the CGPIOD module (linux_shim.h).
public enum SPIIoctl {
    static let magic: UInt8 = 0x6B   // 'k', SPI_IOC_MAGIC
    static func make(_ dir: UInt, _ nr: UInt8, _ size: Int) -> UInt {
        (dir << 30) | (UInt(size) << 16) | (UInt(magic) << 8) | UInt(nr)
    }
    /// SPI_IOC_WR_MODE (u8).
    public static let writeMode = make(1, 1, 1)
    /// SPI_IOC_RD_MODE (u8).
    public static let readMode = make(2, 1, 1)
    /// SPI_IOC_WR_BITS_PER_WORD (u8).
    public static let writeBitsPerWord = make(1, 3, 1)
    /// SPI_IOC_WR_MAX_SPEED_HZ (u32).
    public static let writeMaxSpeedHz = make(1, 4, 4)
    /// SPI_IOC_RD_MAX_SPEED_HZ (u32).
    public static let readMaxSpeedHz = make(2, 4, 4)
    /// SPI_IOC_WR_MODE32 (u32; needed for mode bits above 0xFF such as SPI_3WIRE_HIZ).
    public static let writeMode32 = make(1, 5, 4)
    /// SPI_IOC_MESSAGE(n): `_IOW('k', 0, char[SPI_MSGSIZE(n)])`, size 0 when n·32 ≥ 16 KiB.
    public static func message(_ n: Int) -> UInt {
        let size = n * MemoryLayout<spi_ioc_transfer>.size
        return make(1, 0, size < (1 << 14) ? size : 0)
    }
}

/// Mode bits of <linux/spi/spi.h> (docs/linux-sbc.md §2.1).
public struct SPIModeBits: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// SPI_CPHA: sample on the second edge.
    public static let cpha = SPIModeBits(rawValue: 0x01)
    /// SPI_CPOL: clock idles high.
    public static let cpol = SPIModeBits(rawValue: 0x02)
    /// SPI_LSB_FIRST (never used for gSPI: byte order is assembled by the driver).
    public static let lsbFirst = SPIModeBits(rawValue: 0x08)
    /// SPI_3WIRE: SI/SO shared on one line (controller must advertise it).
    public static let threeWire = SPIModeBits(rawValue: 0x10)
    /// SPI_3WIRE_HIZ: high-impedance turnaround clock (spi-gpio).
    public static let threeWireHiZ = SPIModeBits(rawValue: 0x8000)
}
