import Testing
import Runtime
@testable import ChipModel

/// What the chip says it is: the MAC (OTP over NVRAM) and the firmware and CLM versions the
/// downloaded images carry; images that are not firmware for the chip do not start.
@Suite struct FirmwareIdentityTests {
    static let nvramMAC = MACAddress(0x00, 0xA0, 0x50, 0x12, 0x34, 0x56)

    func mac(_ h: SDIOHost) -> [UInt8] { h.getVar("cur_etheraddr", 6).1 }

    @Test func aProgrammedOTPMACWinsOverNVRAM() {
        let h = SDIOHost(.cyw43439)
        h.bringUp(macInNVRAM: Self.nvramMAC)
        h.firmwareUp()
        #expect(mac(h) == [0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01])
    }

    /// cyw43-driver: with OTP blank "the default mac from nvram will be used".
    @Test func blankOTPTakesTheNVRAMMACElseTheUnprogrammedDefault() {
        let h = SDIOHost(.cyw43439, otpProgrammed: false)
        h.bringUp(macInNVRAM: Self.nvramMAC)
        h.firmwareUp()
        #expect(mac(h) == Self.nvramMAC.bytes)
        let bare = SDIOHost(.cyw43439, otpProgrammed: false)
        bare.bringUp()
        bare.firmwareUp()
        #expect(mac(bare) == ChipModel.unprogrammedMAC.bytes)
    }

    /// An image shaped as the 43439 7.95.49 release is: "ver" is what its trailer says.
    @Test func verIsWhatTheDownloadedImageCarries() {
        var img = SyntheticFirmware.image(for: .cyw43439, size: 8192)
        let text = Array("43439a0-roml/sdio-g-pool-p2p-keepalive-tko Version: 7.95.49 (2271bb6 CY) CRC: b7a28ef3 Date: Mon 2021-11-29 22:50:27 PST Ucode Ver: 1043.2162 FWID 01-c51d9400".utf8)
        let trailer: [UInt8] = [0] + text + [0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + Array("DVID 01-b0b4520f".utf8)
        for (i, b) in trailer.enumerated() { img[img.count - trailer.count + i] = b }
        let h = SDIOHost(.cyw43439)
        h.bringUp(image: img)
        h.firmwareUp()
        #expect(h.chip.bootError == nil)
        let ver = h.getVar("ver", 128).1
        #expect(String(decoding: ver.prefix(while: { $0 != 0 }), as: UTF8.self)
                == "wl0: Nov 29 2021 22:50:27 version 7.95.49 (2271bb6 CY) FWID 01-c51d9400\n")
    }

    @Test func theSyntheticImagesCarryTheirOwnIdentity() {
        for kind in [ChipKind.cyw43439, .cyw4343W] {
            let h = SDIOHost(kind)
            h.bringUp()
            h.firmwareUp()
            #expect(h.chip.bootError == nil && h.chip.f2Ready)
            let ver = String(decoding: h.getVar("ver", 128).1.prefix(while: { $0 != 0 }), as: UTF8.self)
            #expect(ver == "wl0: Nov 26 2026 12:00:00 version 0.0.1 (synthetic ChipModel image) FWID 01-c0de4300\n")
            let clm = String(decoding: h.getVar("clmver", 200).1.prefix(while: { $0 != 0 }), as: UTF8.self)
            #expect(clm == "API: 12.2 Data: ChipModel.synthetic Compiler: 1.29.4 ClmImport: 1.36.3 Creation: 2026-11-26 12:00:00")
        }
    }

    /// A blob shaped as the 4343W 7.45.98 one (data version 9.10.39 right after the magic).
    @Test func clmverIsWhatTheLoadedBlobCarries() {
        var blob = [UInt8](repeating: 0x01, count: 600)
        let head = Array("BLOB<".utf8) + [0, 0, 0] + Array("CLM DATA".utf8) + [0, 0] + Array("9.10.39".utf8) + [0]
            + Array("1.29.4".utf8) + [0] + Array("ClmImport: 1.36.3".utf8) + [0] + Array("Broadcom-0.0".utf8) + [0]
            + Array("2020-11-12 02:16:21".utf8) + [0]
        for (i, b) in head.enumerated() { blob[i] = b }
        #expect(ClmIdentity.find(in: blob) == ClmIdentity(data: Array("9.10.39".utf8), compiler: Array("1.29.4".utf8),
                                                         clmImport: Array("1.36.3".utf8),
                                                         creation: Array("2020-11-12 02:16:21".utf8)))
    }

    @Test func anImageWithoutAFirmwareTrailerDoesNotStart() {
        let h = SDIOHost(.cyw43439)
        h.bringUp(image: [UInt8](repeating: 0x5A, count: 4096))
        #expect(h.chip.bootError == .notFirmware)
        #expect(!h.chip.firmwareRunning && !h.chip.f2Ready)
    }

    @Test func firmwareForAnotherChipDoesNotStart() {
        let h = SDIOHost(.cyw43439)
        h.bringUp(image: SyntheticFirmware.image(for: .cyw43439, chipNumber: Array("43430".utf8)))
        #expect(h.chip.bootError == .firmwareForAnotherChip(found: Array("43430".utf8)))
        #expect(!h.chip.f2Ready)
        // The 4343W runs 43430 firmware (its trailer: "43430a1-roml/...").
        let w = SDIOHost(.cyw4343W)
        w.bringUp(image: SyntheticFirmware.image(for: .cyw4343W, chipNumber: Array("43430".utf8)))
        #expect(w.chip.bootError == nil)
    }

    @Test func theSyntheticImageNamesTheOffloadsTheModelsFirmwareHas() {
        // Real TKO builds say so in the trailer's feature list ("43439a0-roml/...-tko"); a host
        // (the Linux run) looks for "-tko" in the file. The model's firmware with
        // FirmwareOffloads has packet filter, ARP offload and TKO; without them, none.
        func has(_ img: [UInt8], _ s: String) -> Bool {
            let n = Array(s.utf8)
            return img.count >= n.count && (0...(img.count - n.count)).contains { Array(img[$0..<($0 + n.count)]) == n }
        }
        let img = SyntheticFirmware.image(for: .cyw43439)
        #expect(has(img, "43439a0-roml/chipmodel-pktfilter-aoe-tko Version: "))
        #expect(!has(SyntheticFirmware.image(for: .cyw43439, features: Array("chipmodel".utf8)), "-tko"))
    }
}
