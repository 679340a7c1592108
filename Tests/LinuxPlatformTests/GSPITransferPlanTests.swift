import Testing
import CGPIOD
@testable import LinuxPlatform

/// The spi_ioc_transfer entries built for gSPI transactions (docs/linux-sbc.md §2.5).
@Suite struct GSPITransferPlanTests {
    let fourWire = SPIBusConfig(wiring: .fourWire, mode: 0, speedHz: 16_000_000)
    let threeWire = SPIBusConfig(wiring: .threeWire(hiZ: false), mode: 0, speedHz: 12_500_000)

    func address(_ p: UnsafeRawPointer?) -> UInt64 { UInt64(UInt(bitPattern: p)) }

    @Test func readIsCommandTransferThenReadTransferWithCSHeld() throws {
        // F1 read of 4 bytes with 4 bytes of response-delay padding (docs/cyw43-bus.md §1.6):
        // 4-byte command out, 8 bytes in.
        let cmd: [UInt8] = [0x04, 0x00, 0x10, 0x40]
        var rx = [UInt8](repeating: 0xA5, count: 8)
        try cmd.withUnsafeBytes { w in
            try rx.withUnsafeMutableBytes { r in
                let plan = try GSPITransferPlan(write: w, read: r, config: fourWire)
                #expect(plan.count == 2)
                #expect(plan.request == 0x4040_6B00)                 // SPI_IOC_MESSAGE(2)
                #expect(plan.first.tx_buf == address(w.baseAddress))
                #expect(plan.first.rx_buf == 0)
                #expect(plan.first.len == 4)
                #expect(plan.second.tx_buf == 0)
                #expect(plan.second.rx_buf == address(r.baseAddress))
                #expect(plan.second.len == 8)
                for x in [plan.first, plan.second] {
                    #expect(x.speed_hz == 16_000_000)
                    #expect(x.bits_per_word == 8)
                    #expect(x.cs_change == 0)
                    #expect(x.delay_usecs == 0)
                    #expect(x.tx_nbits == 0 && x.rx_nbits == 0)
                    #expect(x.word_delay_usecs == 0 && x.pad == 0)
                }
            }
        }
    }

    @Test func writeIsOneTransfer() throws {
        let frame = [UInt8](repeating: 0x11, count: 4 + 64)
        try frame.withUnsafeBytes { w in
            let plan = try GSPITransferPlan(write: w, read: UnsafeMutableRawBufferPointer(start: nil, count: 0),
                                            config: fourWire)
            #expect(plan.count == 1)
            #expect(plan.request == 0x4020_6B00)                     // SPI_IOC_MESSAGE(1)
            #expect(plan.first.len == 68)
            #expect(plan.first.tx_buf == address(w.baseAddress))
            #expect(plan.first.rx_buf == 0)
            plan.withTransfers { p, n in
                #expect(n == 1)
                #expect(p[0].len == 68)
            }
        }
    }

    @Test func threeWireNeverPutsBothBuffersInOneTransfer() throws {
        let cmd: [UInt8] = [0, 0, 0, 0]
        var rx = [UInt8](repeating: 0, count: 4)
        #expect(threeWire.modeBits.rawValue == 0x10)                 // SPI_3WIRE, mode 0
        try cmd.withUnsafeBytes { w in
            try rx.withUnsafeMutableBytes { r in
                let plan = try GSPITransferPlan(write: w, read: r, config: threeWire)
                plan.withTransfers { p, n in
                    #expect(n == 2)
                    for i in 0..<n { #expect(p[i].tx_buf == 0 || p[i].rx_buf == 0) }
                    #expect(p[0].speed_hz == 12_500_000 && p[1].speed_hz == 12_500_000)
                    #expect(p[0].cs_change == 0 && p[1].cs_change == 0)
                }
            }
        }
    }

    @Test func modeWordCarriesPolarityPhaseAndThreeWireFlags() {
        #expect(SPIBusConfig().modeBits.rawValue == 0)               // safe default: mode 0, 4-wire
        #expect(SPIBusConfig().speedHz == 1_000_000)
        #expect(SPIBusConfig(mode: 2).modeBits == .cpol)             // cyw43-driver's start mode
        #expect(SPIBusConfig(mode: 3).modeBits == [.cpol, .cpha])
        #expect(SPIBusConfig(wiring: .threeWire(hiZ: true), mode: 0).modeBits.rawValue == 0x8010)
    }

    @Test func emptyAndOversizedTransactionsThrow() {
        let none = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        #expect(throws: GSPIPlanError.empty) {
            try GSPITransferPlan(write: UnsafeRawBufferPointer(none), read: none, config: fourWire)
        }
        let big = UnsafeMutableRawBufferPointer.allocate(byteCount: 4093, alignment: 4)
        defer { big.deallocate() }
        let cmd = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 4)
        defer { cmd.deallocate() }
        #expect(throws: GSPIPlanError.tooLong(bytes: 4097, limit: 4096)) {
            try GSPITransferPlan(write: UnsafeRawBufferPointer(cmd), read: big, config: fourWire)
        }
        // Exactly bufsiz is fine (F2 2048 + padding is far below).
        let ok = UnsafeMutableRawBufferPointer(rebasing: big[0..<4092])
        #expect((try? GSPITransferPlan(write: UnsafeRawBufferPointer(cmd), read: ok, config: fourWire))?.count == 2)
    }
}
