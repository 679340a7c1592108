import Testing
import CYW43
import ChipBridge
import ChipModel
import Runtime

/// A chip with blank OTP reports the NVRAM's placeholder MAC, shared by every such board; the
/// driver replaces it with a locally administered one before WLC_UP (cyw43-driver:
/// "mac not set in otp, so make one up").
@Suite struct PlaceholderMACTests {
    func blankOTPRig(uniqueID: UInt64, nvramMAC: MACAddress? = nil) throws -> (Rig<GSPIBus<ChipGSPITransport>>, MACAddress) {
        let platform = VirtualPlatform()
        let air = TestAir(standardAPs())
        let chip = ChipModel(chip: .cyw43439, bus: .gspi, otpProgrammed: false, air: air)
        platform.attach(chip)
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: ChipGSPITransport(chip), platform: platform), log: Log(log))
        driver.uniqueID = uniqueID
        let rig = Rig(platform: platform, chip: chip, air: air, log: log, driver: driver)
        let res = MemoryResources(firmware: SyntheticFirmware.image(for: .cyw43439),
                                  nvram: SyntheticFirmware.nvram(macAddress: nvramMAC), clm: SyntheticFirmware.clm())
        try driver.bringUp(resources: res)
        return (rig, driver.macAddress)
    }

    @Test func blankOTPGetsALocallyAdministeredMAC() throws {
        let (rig, mac) = try blankOTPRig(uniqueID: 0x1234_5678_9ABC)
        #expect(mac.b0 & 0x03 == 0x02)                                   // local, unicast
        #expect(rig.chip.macAddress == mac)                              // the firmware took it
        #expect(mac != ChipModel.unprogrammedMAC)
        #expect(text(rig.log).contains("WLAN MAC Address : " + hex(mac)))
        let (_, other) = try blankOTPRig(uniqueID: 0x1234_5678_9ABD)
        #expect(other != mac)                                            // per device
    }

    @Test func cyw43DriversNVRAMDefaultIsAPlaceholderToo() throws {
        let (_, mac) = try blankOTPRig(uniqueID: 7, nvramMAC: MACAddress(0x00, 0xA0, 0x50, 0xB5, 0x59, 0x5E))
        #expect(mac.b0 & 0x03 == 0x02)
    }

    @Test func aRealNVRAMOrOTPMACIsKept() throws {
        let real = MACAddress(0x00, 0x0B, 0x57, 0x11, 0x22, 0x33)
        let (_, mac) = try blankOTPRig(uniqueID: 7, nvramMAC: real)
        #expect(mac == real)
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(rig.driver.macAddress == MACAddress(0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01))
        #expect(!text(rig.log).contains { $0.hasPrefix("Info: the chip reports placeholder MAC") })
    }

    func hex(_ m: MACAddress) -> String {
        let d = Array("0123456789ABCDEF")
        return [m.b0, m.b1, m.b2, m.b3, m.b4, m.b5].map { String([d[Int($0 >> 4)], d[Int($0 & 15)]]) }.joined(separator: ":")
    }
}
