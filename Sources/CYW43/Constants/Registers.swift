// Bus and backplane register numbers used by the driver. Each group cites its table.

/// gSPI F0 registers (docs/cyw43-bus.md §1.3) and bit values (§1.4, §1.5, §1.8).
enum GSPIReg {
    static let busControl: UInt32 = 0x00
    static let responseDelay: UInt32 = 0x01
    static let statusEnable: UInt32 = 0x02
    static let interrupt: UInt32 = 0x04
    static let interruptEnable: UInt32 = 0x06
    static let status: UInt32 = 0x08
    static let readTest: UInt32 = 0x14
    static let testRW: UInt32 = 0x18
    static let testPattern: UInt32 = 0xFEED_BEAD

    // BUS_CONTROL (byte 0)
    static let wordLength32: UInt32 = 0x01
    static let endianBig: UInt32 = 0x02
    static let interruptPolarityHigh: UInt32 = 0x20
    static let wakeUp: UInt32 = 0x80
    // STATUS_ENABLE (byte 2)
    static let statusEnableBit: UInt32 = 0x01
    static let interruptWithStatus: UInt32 = 0x02

    // INTERRUPT bits
    static let dataUnavailable: UInt16 = 0x0001
    static let f2f3Underflow: UInt16 = 0x0002
    static let f2f3Overflow: UInt16 = 0x0004
    static let commandError: UInt16 = 0x0008
    static let dataError: UInt16 = 0x0010
    static let f2PacketAvailable: UInt16 = 0x0020
    static let f1Overflow: UInt16 = 0x0080

    // STATUS bits
    static let statusUnderflow: UInt32 = 0x2
    static let statusF2RxReady: UInt32 = 0x20
    static let statusF2PacketAvailable: UInt32 = 0x100
    static let statusF2LengthShift: UInt32 = 9
    static let statusF2LengthMask: UInt32 = 0x7FF

    /// WHD reads 4 pad bytes before F1 data (RESPONSE_DELAY = 4, §1.6).
    static let f1ResponseDelay = 4
}

/// SDIO CCCR / vendor registers on F0 (docs/cyw43-bus.md §2.2).
enum CCCR {
    static let ioEnable: UInt32 = 0x02
    static let ioReady: UInt32 = 0x03
    static let intEnable: UInt32 = 0x04
    static let ioAbort: UInt32 = 0x06
    static let busInterfaceControl: UInt32 = 0x07
    static let f0BlockSize: UInt32 = 0x10
    static let speedControl: UInt32 = 0x13
    static let f1BlockSize: UInt32 = 0x110
    static let f2BlockSize: UInt32 = 0x210
    static let brcmCardCap: UInt32 = 0xF0
    static let sepInt: UInt32 = 0xF2

    static let funcEnable1: UInt8 = 0x02
    static let funcEnable2: UInt8 = 0x04
    static let intEnMaster: UInt8 = 0x01
    static let intEnF1: UInt8 = 0x02
    static let intEnF2: UInt8 = 0x04
    static let busWidth4: UInt8 = 0x02
    static let cardCapCmdNoDec: UInt8 = 0x08
    static let cardCapChipIDPresent: UInt8 = 0x40
    static let sepIntMask: UInt8 = 0x01
    static let sepIntOE: UInt8 = 0x02
    static let sepIntActiveHigh: UInt8 = 0x04
}

/// Broadcom F1 registers, same addresses on gSPI and SDIO (docs/cyw43-bus.md §2.4).
enum F1Reg {
    static let gpioSelect: UInt32 = 0x10005
    static let f2Watermark: UInt32 = 0x10008
    static let deviceControl: UInt32 = 0x10009
    static let backplaneAddressLow: UInt32 = 0x1000A
    static let backplaneAddressMid: UInt32 = 0x1000B
    static let backplaneAddressHigh: UInt32 = 0x1000C
    static let frameControl: UInt32 = 0x1000D
    static let chipClockCSR: UInt32 = 0x1000E
    static let pullUp: UInt32 = 0x1000F
    static let wakeupCtrl: UInt32 = 0x1001E
    static let sleepCSR: UInt32 = 0x1001F

    // CHIP_CLOCK_CSR
    static let forceALP: UInt8 = 0x01
    static let forceHT: UInt8 = 0x02
    static let alpAvailRequest: UInt8 = 0x08
    static let htAvailRequest: UInt8 = 0x10
    static let forceHWClockRequestOff: UInt8 = 0x20
    static let alpAvail: UInt8 = 0x40
    static let htAvail: UInt8 = 0x80
    // FRAME_CONTROL
    static let rfTerm: UInt8 = 0x01
    // SLEEP_CSR
    static let keepWLKSO: UInt8 = 0x01
    static let wlDevOn: UInt8 = 0x02
    // WAKEUP_CTRL
    static let wakeTillALP: UInt8 = 0x01
    static let wakeTillHT: UInt8 = 0x02
}

/// Backplane addresses and AI wrapper offsets (docs/cyw43-bus.md §2.5, §3.1-§3.4).
enum Backplane {
    static let windowMask: UInt32 = 0xFFFF_8000
    static let offsetMask: UInt32 = 0x7FFF
    /// F1 address flag for 32-bit single accesses ("SBSDIO_SB_ACCESS_2_4B_FLAG").
    static let access32Flag: UInt32 = 0x8000
    static let chipCommon: UInt32 = 0x1800_0000
    static let srControl1: UInt32 = 0x1800_0508
    static let wrapperOffset: UInt32 = 0x10_0000
    static let ioctrl: UInt32 = 0x408
    static let resetctrl: UInt32 = 0x800
    static let resetstatus: UInt32 = 0x804
    static let sicfClockEnable: UInt8 = 0x01
    static let sicfForceGatedClock: UInt8 = 0x02
    static let sicfCPUHalt: UInt8 = 0x20
    static let aircReset: UInt8 = 0x01

    // SDIO device core register offsets
    static let intStatus: UInt32 = 0x20
    static let hostIntMask: UInt32 = 0x24
    static let funcIntMask: UInt32 = 0x34
    static let toSBMailbox: UInt32 = 0x40
    static let toHostMailboxData: UInt32 = 0x4C
    static let hostIntMaskValue: UInt32 = 0xF0
    static let iHMBSWMask: UInt32 = 0xF0
    static let iHMBHostInt: UInt32 = 0x80
    static let smbIntAck: UInt32 = 0x02
    static let smbDevInt: UInt32 = 0x08
    static let fwHalt: UInt32 = 0x10
}
