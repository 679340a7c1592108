import Testing
import CGPIOD
@testable import LinuxPlatform

/// Request numbers and struct layout against <linux/spi/spidev.h> (through the CGPIOD
/// shim, i.e. the C compiler's view) and against the table in docs/build-recipes.md §4.
@Suite struct SPIIoctlTests {
    @Test func requestNumbersMatchTheCMacros() {
        #expect(SPIIoctl.writeMode == cspi_ioc_wr_mode())
        #expect(SPIIoctl.readMode == cspi_ioc_rd_mode())
        #expect(SPIIoctl.writeMode32 == cspi_ioc_wr_mode32())
        #expect(SPIIoctl.writeBitsPerWord == cspi_ioc_wr_bits_per_word())
        #expect(SPIIoctl.writeMaxSpeedHz == cspi_ioc_wr_max_speed_hz())
        #expect(SPIIoctl.readMaxSpeedHz == cspi_ioc_rd_max_speed_hz())
        for n in 1...4 { #expect(SPIIoctl.message(n) == cspi_ioc_message(UInt32(n))) }
    }

    @Test func requestNumbersMatchTheReferenceTable() {
        // docs/build-recipes.md §4, "ioctl number encoding" table.
        #expect(SPIIoctl.message(1) == 0x4020_6B00)
        #expect(SPIIoctl.message(2) == 0x4040_6B00)
        #expect(SPIIoctl.message(3) == 0x4060_6B00)
        #expect(SPIIoctl.writeMode == 0x4001_6B01)
        #expect(SPIIoctl.readMode == 0x8001_6B01)
        #expect(SPIIoctl.writeBitsPerWord == 0x4001_6B03)
        #expect(SPIIoctl.writeMaxSpeedHz == 0x4004_6B04)
        #expect(SPIIoctl.readMaxSpeedHz == 0x8004_6B04)
        #expect(SPIIoctl.writeMode32 == 0x4004_6B05)
    }

    @Test func messageSizeFieldIsZeroFrom16KiB() {
        // SPI_MSGSIZE(N) is 0 when N*32 >= 1<<14 (512 transfers).
        #expect(SPIIoctl.message(511) == (1 << 30) | (UInt(511 * 32) << 16) | 0x6B00)
        #expect(SPIIoctl.message(512) == 0x4000_6B00)
        #expect(SPIIoctl.message(512) == cspi_ioc_message(512))
    }

    @Test func modeBitsMatchSpiH() {
        #expect(SPIModeBits.cpha.rawValue == cspi_mode_cpha())
        #expect(SPIModeBits.cpol.rawValue == cspi_mode_cpol())
        #expect(SPIModeBits.lsbFirst.rawValue == cspi_mode_lsb_first())
        #expect(SPIModeBits.threeWire.rawValue == cspi_mode_3wire())
        #expect(SPIModeBits.threeWire.rawValue == 0x10)            // docs/linux-sbc.md §2.1
        #expect(SPIModeBits.threeWireHiZ.rawValue == cspi_mode_3wire_hiz())
        #expect(SPIModeBits.threeWireHiZ.rawValue == 0x8000)
    }

    @Test func transferStructLayoutMatchesC() {
        #expect(MemoryLayout<spi_ioc_transfer>.size == 32)
        #expect(MemoryLayout<spi_ioc_transfer>.size == cspi_xfer_size())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.tx_buf) == cspi_off_tx_buf())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.rx_buf) == cspi_off_rx_buf())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.len) == cspi_off_len())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.speed_hz) == cspi_off_speed_hz())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.delay_usecs) == cspi_off_delay_usecs())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.bits_per_word) == cspi_off_bits_per_word())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.cs_change) == cspi_off_cs_change())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.tx_nbits) == cspi_off_tx_nbits())
        #expect(MemoryLayout<spi_ioc_transfer>.offset(of: \.rx_nbits) == cspi_off_rx_nbits())
        // docs/build-recipes.md §4 offsets: 0, 8, 16, 20, 24, 26, 27, 28, 29.
        #expect([cspi_off_tx_buf(), cspi_off_rx_buf(), cspi_off_len(), cspi_off_speed_hz(),
                 cspi_off_delay_usecs(), cspi_off_bits_per_word(), cspi_off_cs_change(),
                 cspi_off_tx_nbits(), cspi_off_rx_nbits()] == [0, 8, 16, 20, 24, 26, 27, 28, 29])
    }
}
