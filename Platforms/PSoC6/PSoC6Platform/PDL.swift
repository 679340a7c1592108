import CPSoC6

/// Every call into the C shim (Platforms/PSoC6/CPSoC6/psoc6_shim.h), each named after
/// the C function it wraps (house style: C names only here). The shim turns them into
/// PDL calls; only fixed-width integers cross.
///
/// The shim exists only in the board image (psoc6.mk links it). A host build compiles
/// this target too (`swift build` builds every product), so without Embedded the calls
/// fall back to "no board": `boardInit`/`sdioInit` fail with PSOC6_ERR_DEVICE and the
/// rest do nothing. That keeps host links clean and makes a mistaken host run throw.
#if hasFeature(Embedded)
enum PDL {
    /// `psoc6_board_init`: cybsp_init, UART, MCWDT, WL_REG_ON low, host-wake input.
    static func boardInit() -> Int32 { psoc6_board_init() }
    /// `psoc6_irq_mask`: PRIMASK set, previous state returned.
    static func irqMask() -> UInt32 { psoc6_irq_mask() }
    /// `psoc6_irq_restore`.
    static func irqRestore(_ state: UInt32) { psoc6_irq_restore(state) }
    /// `psoc6_now_us`: MCWDT C2, 64-bit µs.
    static func nowMicroseconds() -> UInt64 { psoc6_now_us() }
    /// `psoc6_sleep_masked`: deep (or CPU) sleep until the deadline or an interrupt.
    @discardableResult
    static func sleepMasked(deadline: UInt64, allowDeepSleep: Bool) -> Bool {
        psoc6_sleep_masked(deadline, allowDeepSleep ? 1 : 0) == 1
    }
    /// `psoc6_alarm_init`: `fired` runs from the MCWDT interrupt when the alarm comes.
    static func alarmInit(_ fired: @convention(c) () -> Void) { psoc6_alarm_init(fired) }
    /// `psoc6_alarm_set` (UInt64.max cancels).
    static func alarmSet(deadline: UInt64) { psoc6_alarm_set(deadline) }
    /// `psoc6_delay_us`.
    static func delay(microseconds: UInt32) { psoc6_delay_us(microseconds) }
    /// `psoc6_hostwake_take_edge`.
    static func hostWakeTakeEdge() -> Bool { psoc6_hostwake_take_edge() != 0 }
    /// `psoc6_hostwake_asserted`.
    static func hostWakeAsserted() -> Bool { psoc6_hostwake_asserted() != 0 }
    /// `psoc6_hostwake_rising`.
    static func hostWakeRising() -> Bool { psoc6_hostwake_rising() != 0 }
    /// `psoc6_regon_write`.
    static func regOn(_ on: Bool) { psoc6_regon_write(on ? 1 : 0) }
    /// `psoc6_sdio_init`.
    static func sdioInit() -> Int32 { psoc6_sdio_init() }
    /// `psoc6_sdio_clock_hz`.
    static func sdioClockHz() -> UInt32 { psoc6_sdio_clock_hz() }
    /// `psoc6_sdio_max_transfer`.
    static func sdioMaxTransfer() -> Int { Int(psoc6_sdio_max_transfer()) }
    /// `psoc6_sdio_cmd52`.
    static func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8, out: inout UInt8) -> Int32 {
        psoc6_sdio_cmd52(write ? 1 : 0, function, address, value, &out)
    }
    /// `psoc6_sdio_cmd53`.
    static func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool, blockSize: UInt32,
                      buffer: UnsafeMutablePointer<UInt8>, length: UInt32) -> Int32 {
        psoc6_sdio_cmd53(write ? 1 : 0, function, address, incrementing ? 1 : 0, blockSize, buffer, length)
    }
    /// `psoc6_uart_putc`.
    static func uartPut(_ byte: UInt8) { psoc6_uart_putc(byte) }
    /// `psoc6_uart_flush`.
    static func uartFlush() { psoc6_uart_flush() }
    /// `psoc6_alloc_stats_read`: the counting allocator (allocations, frees, live, peak).
    static func allocStats() -> (allocations: UInt32, frees: UInt32, live: UInt32, peak: UInt32) {
        var s = psoc6_alloc_stats()
        psoc6_alloc_stats_read(&s)
        return (s.allocations, s.frees, s.bytes_in_use, s.peak_bytes)
    }
    /// `psoc6_heap_used`.
    static func heapUsed() -> UInt32 { psoc6_heap_used() }
    /// `psoc6_unique_id`: the die's unique id.
    static func uniqueID() -> UInt64 { psoc6_unique_id() }
    /// `psoc6_kit_name`: the kit the image was built for, as bytes without the NUL.
    static func kitName() -> UnsafeBufferPointer<UInt8> {
        let p = UnsafeRawPointer(psoc6_kit_name()!).assumingMemoryBound(to: UInt8.self)
        var n = 0
        while p[n] != 0 { n += 1 }
        return UnsafeBufferPointer(start: p, count: n)
    }

    /// `psoc6_resource`: an image linked into flash (empty if absent).
    static func resource(_ which: LinkedImage) -> UnsafeBufferPointer<UInt8> {
        var length: UInt32 = 0
        let p = psoc6_resource(which.rawValue, &length)
        return UnsafeBufferPointer(start: p, count: p == nil ? 0 : Int(length))
    }
    /// Shim return codes (PSOC6_ERR_*).
    static let ok: Int32 = 0
    static let errTimeout: Int32 = -1
    static let errCRC: Int32 = -2
    static let errResponse: Int32 = -3
    static let errTooLong: Int32 = -4
    static let errArgument: Int32 = -5
    static let errInit: Int32 = -6
    static let errDevice: Int32 = -7
}

#else
enum PDL {
    static func boardInit() -> Int32 { errDevice }
    static func irqMask() -> UInt32 { 0 }
    static func irqRestore(_ state: UInt32) {}
    static func nowMicroseconds() -> UInt64 { 0 }
    @discardableResult
    static func sleepMasked(deadline: UInt64, allowDeepSleep: Bool) -> Bool { false }
    static func alarmInit(_ fired: @convention(c) () -> Void) {}
    static func alarmSet(deadline: UInt64) {}
    static func delay(microseconds: UInt32) {}
    static func hostWakeTakeEdge() -> Bool { false }
    static func hostWakeAsserted() -> Bool { false }
    static func hostWakeRising() -> Bool { true }
    static func regOn(_ on: Bool) {}
    static func sdioInit() -> Int32 { errDevice }
    static func sdioClockHz() -> UInt32 { 0 }
    static func sdioMaxTransfer() -> Int { 0 }
    static func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8, out: inout UInt8) -> Int32 { errDevice }
    static func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool, blockSize: UInt32,
                      buffer: UnsafeMutablePointer<UInt8>, length: UInt32) -> Int32 { errDevice }
    static func uartPut(_ byte: UInt8) {}
    static func uartFlush() {}
    static func allocStats() -> (allocations: UInt32, frees: UInt32, live: UInt32, peak: UInt32) { (0, 0, 0, 0) }
    static func heapUsed() -> UInt32 { 0 }
    static func kitName() -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }
    static func uniqueID() -> UInt64 { 0 }
    static func resource(_ which: LinkedImage) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }
    /// Shim return codes (PSOC6_ERR_*).
    static let ok: Int32 = 0
    static let errTimeout: Int32 = -1
    static let errCRC: Int32 = -2
    static let errResponse: Int32 = -3
    static let errTooLong: Int32 = -4
    static let errArgument: Int32 = -5
    static let errInit: Int32 = -6
    static let errDevice: Int32 = -7
}

#endif

/// Which linked image (`PSOC6_RESOURCE_*`).
enum LinkedImage: Int32 {
    case firmware = 0, clm = 1, nvram = 2
}
