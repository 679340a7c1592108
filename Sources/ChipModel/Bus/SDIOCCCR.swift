/// SDIO function-0 registers: the CCCR, FBR block sizes and Broadcom's vendor registers
/// (docs/cyw43-bus.md §2.2).
struct SDIOCCCR {
    enum Address {
        static let cccrRevision: UInt32 = 0x00
        static let sdSpecRevision: UInt32 = 0x01
        static let ioEnable: UInt32 = 0x02
        static let ioReady: UInt32 = 0x03
        static let intEnable: UInt32 = 0x04
        static let intPending: UInt32 = 0x05
        static let ioAbort: UInt32 = 0x06
        static let busInterface: UInt32 = 0x07
        static let cardCapability: UInt32 = 0x08
        static let f0BlockSize: UInt32 = 0x10
        static let speedControl: UInt32 = 0x13
        static let f1BlockSize: UInt32 = 0x110
        static let f2BlockSize: UInt32 = 0x210
        static let brcmCardCap: UInt32 = 0xF0
        static let brcmCardCtl: UInt32 = 0xF1
        static let sepInt: UInt32 = 0xF2
    }
    enum Bits {
        static let f1: UInt8 = 0x02
        static let f2: UInt8 = 0x04
        static let intMaster: UInt8 = 0x01
        static let sepIntMask: UInt8 = 0x01
        static let sepIntOutputEnable: UInt8 = 0x02
        static let sepIntActiveHigh: UInt8 = 0x04
        static let speedSHS: UInt8 = 0x01
        static let speedEHS: UInt8 = 0x02
        /// F0 0xF0 CMD_NODEC: while the bus sleeps the always-on part decodes no command.
        static let cmdNoDecode: UInt8 = 0x08
    }

    var ioEnable: UInt8 = 0
    var intEnable: UInt8 = 0
    var busInterface: UInt8 = 0
    var speed: UInt8 = Bits.speedSHS
    /// Block sizes of F0, F1, F2 (FBR); 0 until the host programs them.
    var blockSize: [UInt16] = [0, 0, 0]
    /// F0 0xF0 read-only capability bits (per chip) and the host-writable CMD_NODEC bit.
    var cardCapabilitiesRO: UInt8 = 0
    var cardCapabilitiesRW: UInt8 = 0
    var cardControl: UInt8 = 0
    var sepInt: UInt8 = 0
    /// Any other CCCR/FBR byte written, for read-back.
    var other: [UInt32: UInt8] = [:]

    static func blockSizeIndex(_ a: UInt32) -> (function: Int, high: Bool)? {
        switch a {
        case 0x10: return (0, false)
        case 0x11: return (0, true)
        case 0x110: return (1, false)
        case 0x111: return (1, true)
        case 0x210: return (2, false)
        case 0x211: return (2, true)
        default: return nil
        }
    }
}
