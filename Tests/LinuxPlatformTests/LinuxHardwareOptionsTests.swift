import Testing
import Boards
import CYW43
@testable import LinuxPlatform

/// Board config + overrides -> resolved Linux options (Boards/LINUX-SBC-43439/board.conf).
@Suite struct LinuxHardwareOptionsTests {
    @Test func linuxBoardResolvesToItsSpidevLinesAndFirmware() throws {
        let board = try Boards.named("LINUX-SBC-43439")
        let o = try LinuxHardwareOptions(board: board, hostWakeInterrupt: 2)
        #expect(o.spidev == "/dev/spidev0.0")
        #expect(o.gpiochip == "/dev/gpiochip0")
        #expect(o.hostWakeLine == 25)
        #expect(o.hostWakeEdge == .rising)
        #expect(o.hostWakePull == false)                 // host_wake.drive = pulldown
        #expect(o.regOnLine == 24)
        #expect(o.hostWakeInterrupt == 2)
        #expect(o.spi == SPIBusConfig())                 // safe default: 4-wire, mode 0, 1 MHz
        #expect(o.firmwareNames.firmware.first == "cyfmac43439-sdio.bin")
        #expect(o.firmwareNames.nvram.contains("brcmfmac43439-sdio.txt"))
        #expect(o.firmwareFolders == ["/lib/firmware/cypress"])
    }

    @Test func overridesWin() throws {
        let board = try Boards.named("LINUX-SBC-43439")
        let o = try LinuxHardwareOptions(board: board, overrides: LinuxHardwareOverrides(
            spidev: "/dev/spidev1.0", spiHz: 8_000_000, spiMode: 2, wiring: .threeWire(hiZ: false),
            gpiochip: "/dev/gpiochip4", hostWakeLine: 17, hostWakeEdge: .falling, regOnLine: 27,
            firmwareFolders: ["/opt/fw"]))
        #expect(o.spidev == "/dev/spidev1.0")
        #expect(o.spi == SPIBusConfig(wiring: .threeWire(hiZ: false), mode: 2, speedHz: 8_000_000))
        #expect(o.gpiochip == "/dev/gpiochip4")
        #expect(o.hostWakeLine == 17 && o.hostWakeEdge == .falling && o.regOnLine == 27)
        #expect(o.firmwareFolders == ["/opt/fw", "/lib/firmware/cypress"])
        let polled = try LinuxHardwareOptions(board: board, overrides: LinuxHardwareOverrides(disableHostWake: true))
        #expect(polled.hostWakeLine == nil)
    }

    @Test func anSDIOKitIsRejectedWithAHint() throws {
        let board = try Boards.named("CY8CPROTO-062-4343W")
        do {
            _ = try LinuxHardwareOptions(board: board)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("CY8CPROTO-062-4343W"))
            #expect(error.description.contains("LINUX-SBC-43439"))
        }
    }

    @Test func textNVRAMBecomesTheBinaryForm() {
        let images = FirmwareImages(firmware: [1], clm: [2], nvram: Array("# c\nboardtype=0x0887\nxtalfreq=37400\n".utf8),
                                    paths: ("", "", ""))
        let r = images.resources()
        #expect(r.nvram == NVRAMImage.binary(fromText: images.nvram))
        #expect(r.nvram.count % 4 == 0)
        #expect(r.size(of: .firmware) == 1 && r.size(of: .clm) == 1)
    }
}

@Suite struct ArgumentParsingTests {
    @Test func wiringAndEdgeSpellings() {
        #expect(GSPIWiring(argument: "4") == .fourWire)
        #expect(GSPIWiring(argument: "3wire") == .threeWire(hiZ: false))
        #expect(GSPIWiring(argument: "3hiz") == .threeWire(hiZ: true))
        #expect(GSPIWiring(argument: "5") == nil)
        #expect(HostWakeEdge(argument: "Falling") == .falling)
        #expect(HostWakeEdge(argument: "up") == nil)
    }
}
