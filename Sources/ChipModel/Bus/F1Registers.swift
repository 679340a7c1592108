/// The Broadcom F1 register block at 0x10000.. (docs/cyw43-bus.md §2.4), reachable over CMD52 on
/// SDIO and F1 commands on gSPI.
struct F1Registers {
    enum Address {
        static let gpioSelect: UInt32 = 0x1_0005
        static let gpioOutput: UInt32 = 0x1_0006
        static let gpioEnable: UInt32 = 0x1_0007
        static let watermark: UInt32 = 0x1_0008
        static let deviceControl: UInt32 = 0x1_0009
        static let sbAddrLow: UInt32 = 0x1_000A
        static let sbAddrMid: UInt32 = 0x1_000B
        static let sbAddrHigh: UInt32 = 0x1_000C
        static let frameControl: UInt32 = 0x1_000D
        static let chipClockCSR: UInt32 = 0x1_000E
        static let pullUp: UInt32 = 0x1_000F
        static let mesBusyCtrl: UInt32 = 0x1_001D
        static let wakeupCtrl: UInt32 = 0x1_001E
        static let sleepCSR: UInt32 = 0x1_001F
    }
    enum Bits {
        static let addrReset: UInt8 = 0x40        // DEVICE_CONTROL ADDR_RST
        static let rfTerm: UInt8 = 0x01           // FRAME_CONTROL RF_TERM
        static let forceALP: UInt8 = 0x01
        static let forceHT: UInt8 = 0x02
        static let alpAvailRequest: UInt8 = 0x08
        static let htAvailRequest: UInt8 = 0x10
        static let alpAvail: UInt8 = 0x40
        static let htAvail: UInt8 = 0x80
        static let keepKSO: UInt8 = 0x01          // SLEEP_CSR KEEP_WL_KSO
        static let devOn: UInt8 = 0x02            // SLEEP_CSR WL_DEVON (status)
    }

    var gpioSelect: UInt8 = 0
    var gpioOutput: UInt8 = 0
    var gpioEnable: UInt8 = 0
    var watermark: UInt8 = 0
    var deviceControl: UInt8 = 0
    /// The three window bytes as written (§3.1): LOW keeps only bit 15 of the address.
    var sbAddrLow: UInt8 = 0
    var sbAddrMid: UInt8 = 0
    var sbAddrHigh: UInt8 = 0
    /// Request/force bits of CHIP_CLOCK_CSR (low 6 bits); the AVAIL bits are computed.
    var clockRequest: UInt8 = 0
    /// ALP was requested at least once: the ALP clock stays available (model choice).
    var alpRequested = false
    var pullUp: UInt8 = 0
    var mesBusyCtrl: UInt8 = 0
    var wakeupCtrl: UInt8 = 0
    /// SLEEP_CSR KEEP_WL_KSO as written (bit0); the chip powers up with KSO on.
    var kso = true
    /// Any other F1 register offset written (0x10000..0x1001F) for read-back.
    var scratch = [UInt8](repeating: 0, count: 0x20)

    /// The 32 KB window base (§3.1).
    var windowBase: UInt32 {
        UInt32(sbAddrHigh) << 24 | UInt32(sbAddrMid) << 16 | UInt32(sbAddrLow & 0x80) << 8
    }

    mutating func setWindow(_ base: UInt32) {
        sbAddrHigh = UInt8(truncatingIfNeeded: base >> 24)
        sbAddrMid = UInt8(truncatingIfNeeded: base >> 16)
        sbAddrLow = UInt8(truncatingIfNeeded: base >> 8) & 0x80
    }
}
