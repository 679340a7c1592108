/// How the CYW43's gSPI pins reach the Linux SPI controller (docs/linux-sbc.md §2.4–2.7).
public enum GSPIWiring: Sendable, Equatable {
    /// Separate data-in (SDIO_CMD ← MOSI) and data-out (SDIO_DATA0 → MISO) lines:
    /// 1YN/1DX-class modules, works on every controller (Pi 1–5, aux SPI).
    case fourWire
    /// One shared data line (RM2, Pico W style resistor mux): needs a controller
    /// that advertises SPI_3WIRE (spi-bcm2835 SPI0 on Pi 1–4, spi-gpio). `hiZ` adds
    /// SPI_3WIRE_HIZ (one turnaround clock; spi-gpio only).
    case threeWire(hiZ: Bool)
}

/// spidev settings for the gSPI bus.
///
/// Defaults are the safe start of docs/linux-sbc.md §3.2: SPI mode 0 (the chip samples DI on
/// the rising edge), 8-bit words MSB first (the driver assembles the 16/32-bit word order
/// itself, §2.1), 4-wire, 1 MHz for the 0xFEEDBEAD probe. Raise `speedHz` (≤ 16 MHz is
/// the recommendation without a sample-delay knob) after the driver has cleared
/// HIGH_SPEED in bus control and the test register reads back reliably.
public struct SPIBusConfig: Sendable, Equatable {
    public var wiring: GSPIWiring
    /// SPI mode 0...3 (CPOL<<1 | CPHA).
    public var mode: UInt8
    /// Clock in Hz, put in every transfer and set as the device maximum.
    public var speedHz: UInt32
    /// Always 8 for gSPI through spidev (spi-bcm2835 supports only 8).
    public var bitsPerWord: UInt8

    public init(wiring: GSPIWiring = .fourWire, mode: UInt8 = 0, speedHz: UInt32 = 1_000_000,
                bitsPerWord: UInt8 = 8) {
        self.wiring = wiring
        self.mode = mode
        self.speedHz = speedHz
        self.bitsPerWord = bitsPerWord
    }

    /// The spidev mode word: CPOL/CPHA plus the 3-wire flags.
    public var modeBits: SPIModeBits {
        var bits = SPIModeBits(rawValue: UInt32(mode & 0x3))
        if case .threeWire(let hiZ) = wiring {
            bits.insert(.threeWire)
            if hiZ { bits.insert(.threeWireHiZ) }
        }
        return bits
    }

    /// spidev's default `bufsiz`: the whole message must fit (docs/linux-sbc.md §2.1).
    public static let spidevBufferSize = 4096
}
