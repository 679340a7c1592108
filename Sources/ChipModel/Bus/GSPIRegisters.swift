/// The gSPI function-0 register file (docs/cyw43-bus.md §1.3) and its wire byte order (§1.2).
struct GSPIRegisters {
    /// F0 0x00 BUS_CONTROL. Reset: 16-bit words, ENDIAN_BIG clear (the start-up swap of §1.2).
    var busControl: UInt8 = 0
    /// F0 0x01 RESPONSE_DELAY in bytes.
    var responseDelay: UInt8 = 0
    /// F0 0x02 STATUS_ENABLE. Reset value not in the sheet; we start with the status word on
    /// (bit0) — it is only clocked if the host reads past the data.
    var statusEnable: UInt8 = 0x01
    /// F0 0x03 RESET_BP.
    var resetBP: UInt8 = 0
    /// F0 0x04 INTERRUPT: the latched, write-1-to-clear bits (§1.4). Level bits
    /// (F2_PACKET_AVAILABLE) are computed by the model.
    var interruptLatch: UInt16 = 0
    /// F0 0x06 INTERRUPT_ENABLE.
    var interruptEnable: UInt16 = 0
    /// F0 0x18 TEST_RW scratch.
    var testRW: UInt32 = 0
    /// F0 0x1C..0x1F RESP_DELAY_F0..F3 and whether each was written (§1.6: "use the value
    /// programmed into 0x1D (if written) else 0x01").
    var functionDelay: [UInt8] = [0, 0, 0, 0]
    var functionDelayWritten: [Bool] = [false, false, false, false]

    enum Bits {
        static let wordLength32: UInt8 = 0x01
        static let endianBig: UInt8 = 0x02
        static let interruptPolarityHigh: UInt8 = 0x20
        /// BUS_CONTROL bit 7 WAKE_UP: keeps the SPI core awake while the chip sleeps.
        static let wakeUp: UInt8 = 0x80
        static let statusEnable: UInt8 = 0x01
        static let respDelayAll: UInt8 = 0x04
        static let resetSPI: UInt8 = 0x80
        /// §1.4 interrupt bits.
        static let dataUnavailable: UInt16 = 0x0001
        static let readUnderflow: UInt16 = 0x0002
        static let writeOverflow: UInt16 = 0x0004
        static let commandError: UInt16 = 0x0008
        static let dataError: UInt16 = 0x0010
        static let f2PacketAvailable: UInt16 = 0x0020
        static let f1Overflow: UInt16 = 0x0080
        /// The W1C error bits (§1.4).
        static let writeOneToClear: UInt16 = 0x009F
        /// §1.5 status word bits.
        static let statusDataNotAvailable: UInt32 = 0x1
        static let statusUnderflow: UInt32 = 0x2
        static let statusOverflow: UInt32 = 0x4
        static let statusF2Interrupt: UInt32 = 0x8
        static let statusF2RxReady: UInt32 = 0x20
        static let statusF2PacketAvailable: UInt32 = 0x100
    }

    /// The order of bytes inside each 32-bit word on the wire relative to memory order (§1.2):
    /// start-up 16-bit mode sends b1 b0 b3 b2; 32-bit with ENDIAN_BIG sends b0 b1 b2 b3;
    /// 32-bit without ENDIAN_BIG sends b3 b2 b1 b0.
    enum WireOrder { case identity, swap16, reverse32 }

    var order: WireOrder {
        if busControl & Bits.endianBig != 0 { return .identity }
        return busControl & Bits.wordLength32 != 0 ? .reverse32 : .swap16
    }

    /// Bytes of response delay before the data of a read on `function` (§1.6).
    func padding(function: Int) -> Int {
        if functionDelayWritten[function] { return Int(functionDelay[function]) }
        if function == 1 || statusEnable & Bits.respDelayAll != 0 { return Int(responseDelay) }
        return 0
    }

    /// Converts between wire order and memory order (the mapping is its own inverse).
    static func swizzle(_ bytes: [UInt8], _ order: WireOrder) -> [UInt8] {
        let k: Int
        switch order {
        case .identity: return bytes
        case .swap16: k = 1
        case .reverse32: k = 3
        }
        var out = bytes
        for i in 0..<bytes.count {
            let p = i ^ k
            if p < bytes.count { out[i] = bytes[p] }
        }
        return out
    }
}
