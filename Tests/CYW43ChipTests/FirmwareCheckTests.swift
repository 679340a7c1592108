import Testing
import CYW43
import ChipModel
import Runtime

/// The host checks the image's trailer before downloading it (FirmwareTrailer, cyw43-driver's
/// "could not find valid firmware"): a wrong file is named as such, not reported as the HT
/// clock timeout a chip that never starts would give.
@Suite struct FirmwareCheckTests {
    @Test func anImageWithoutATrailerIsRefusedBeforeDownload() {
        let rig = gspiRig()
        var image = SyntheticFirmware.image(for: .cyw43439, size: 8192)
        for i in (image.count - 200)..<image.count { image[i] = 0x5A }      // trailer gone
        let res = MemoryResources(firmware: image, nvram: SyntheticFirmware.nvram(), clm: SyntheticFirmware.clm())
        #expect(throws: BringUpError.notFirmware) { try rig.driver.bringUp(resources: res) }
        #expect(rig.chip.firmwareSize == 0 && !rig.chip.firmwareRunning)     // nothing downloaded
    }

    @Test func anImageForAnotherChipIsNamed() {
        let rig = sdioRig(.cyw43439)
        let image = SyntheticFirmware.image(for: .cyw43439, chipNumber: Array("4373".utf8))
        let res = MemoryResources(firmware: image, nvram: SyntheticFirmware.nvram(), clm: SyntheticFirmware.clm())
        #expect(throws: BringUpError.firmwareForAnotherChip(imageChip: 4373, chipID: 0xA9AF)) {
            try rig.driver.bringUp(resources: res)
        }
    }

    @Test func theTrailerLayoutCyw43DriverChecks() {
        // Written from the layout (not from SyntheticFirmware): text, NUL, u16 length, DVID.
        let text = Array("43430a1-roml/sdio-g-pool Version: 7.45.98.102 (r1 CY) CRC: 1 Date: x FWID 01-1".utf8)
        let tail: [UInt8] = [0x11, 0x22, 0] + text + [0, UInt8(text.count), 0] + Array("DVID 01-00000000".utf8)
        let body = [UInt8](repeating: 0x77, count: 300) + tail
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 4)
        defer { buffer.deallocate() }
        let res = MemoryResources(firmware: body, nvram: [], clm: [])
        #expect(FirmwareTrailer.check(res, chipID: 0xA9A6, buffer: buffer) == .valid)
        #expect(FirmwareTrailer.check(res, chipID: 0xA9AF, buffer: buffer) == .anotherChip(imageChip: 43430))
        var noNUL = body
        noNUL[noNUL.count - 19] = 0x20
        #expect(FirmwareTrailer.check(MemoryResources(firmware: noNUL, nvram: [], clm: []), chipID: 0xA9A6,
                                      buffer: buffer) == .notFirmware)
        var noVersion = body
        noVersion[300 + 3 + 25] = 0x76                                     // "Version:" -> "version:"
        #expect(FirmwareTrailer.check(MemoryResources(firmware: noVersion, nvram: [], clm: []), chipID: 0xA9A6,
                                      buffer: buffer) == .notFirmware)
        #expect(FirmwareTrailer.expectedNumber(0x4373) == 4373)
    }
}
