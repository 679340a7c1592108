import Testing
import Glibc
@testable import LinuxPlatform

/// Firmware discovery in temp folders and the missing-file error text.
@Suite struct FirmwareFolderTests {
    /// A fresh temp folder; `files` are written into it.
    func folder(_ files: [String: [UInt8]]) -> String {
        var template = Array("/tmp/fwtest-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for (name, bytes) in files {
            let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        return path
    }

    let names = FirmwareNames(firmware: ["43439A0.bin", "cyfmac43439-sdio.bin"],
                              clm: ["43439A0.clm_blob", "cyfmac43439-sdio.clm_blob"],
                              nvram: ["nvram.txt"])

    @Test func firstFolderThenFirstNameWins() throws {
        let a = folder(["cyfmac43439-sdio.bin": [1, 2, 3]])
        let b = folder(["43439A0.bin": [9], "43439A0.clm_blob": [4, 5], "nvram.txt": Array("boardtype=0x0887\n".utf8)])
        let fw = FirmwareFolder(folders: [a, b], includeSystem: false)
        let images = try fw.load(names)
        #expect(images.firmware == [1, 2, 3])             // folder a has the 2nd name: folders first
        #expect(images.paths.firmware == a + "/cyfmac43439-sdio.bin")
        #expect(images.clm == [4, 5])
        #expect(images.paths.nvram == b + "/nvram.txt")
    }

    @Test func missingFileNamesTheFileAndEveryFolder() throws {
        let a = folder(["43439A0.bin": [1], "43439A0.clm_blob": [2]])
        let fw = FirmwareFolder(folders: [a + "/"])
        #expect(fw.folders == [a, "/lib/firmware/cypress", "/lib/firmware/brcm", "/lib/firmware"])
        do {
            _ = try fw.load(names)
            Issue.record("expected a missing NVRAM")
        } catch {
            #expect(error == .missing(role: "NVRAM", names: ["nvram.txt"], folders: fw.folders))
            let text = error.description
            #expect(text.contains("NVRAM file not found"))
            #expect(text.contains("nvram.txt"))
            #expect(text.contains(a))
            #expect(text.contains("/lib/firmware/cypress"))
            #expect(text.contains("/lib/firmware/brcm"))
        }
    }

    @Test func emptyFileIsAnError() {
        let a = folder(["x.bin": []])
        #expect(throws: FirmwareError.empty(path: a + "/x.bin")) {
            try FirmwareFolder(folders: [a], includeSystem: false).load(role: "firmware", names: ["x.bin"])
        }
    }

    @Test func linuxDefaultNamesFollowTheDistributionLayout() {
        // docs/cyw43-bus.md §9.1: cypress/cyfmac43439-sdio.*, brcm/brcmfmac43439-sdio.* links.
        let n = FirmwareNames.linuxDefaults(chip: "43439")
        #expect(n.firmware == ["cyfmac43439-sdio.bin", "brcmfmac43439-sdio.bin"])
        #expect(n.clm == ["cyfmac43439-sdio.clm_blob", "brcmfmac43439-sdio.clm_blob"])
        #expect(n.nvram == ["cyfmac43439-sdio.txt", "brcmfmac43439-sdio.txt"])
        #expect(FirmwareNames.linuxDefaults(chip: "4343W").firmware.first == "cyfmac43430-sdio.bin")
        let merged = n.preferring(FirmwareNames(firmware: ["43439A0.bin"], clm: [], nvram: []))
        #expect(merged.firmware == ["43439A0.bin", "cyfmac43439-sdio.bin", "brcmfmac43439-sdio.bin"])
    }

    @Test func tkoFeatureIsDetectedInTheBuildString() {
        let with = FirmwareImages(firmware: Array("xx43439a0-roml/sdio-g-pool-pno-tko-nvd\0".utf8), clm: [1], nvram: [1],
                                  paths: ("", "", ""))
        let without = FirmwareImages(firmware: Array("43439a0-roml/sdio-g-pool-p2p-keepalive\0".utf8), clm: [1],
                                     nvram: [1], paths: ("", "", ""))
        #expect(with.firmwareHasTKO)
        #expect(!without.firmwareHasTKO)
    }
}
