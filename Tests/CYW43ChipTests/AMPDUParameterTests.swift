import Testing
import CYW43
import ChipModel
import Runtime

/// A-MPDU settings after bring-up, per chip (WHD `whd_wifi_set_ampdu_parameters`; cyw43-driver's
/// wifi_on sets the same 8 / 4 / 0 on the 43439).
@Suite struct AMPDUParameterTests {
    func u32(_ driver: Driver<some WLANBus>, _ name: StaticString) throws -> UInt32 {
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 4)
        defer { b.deallocate() }
        _ = try driver.getIovar(name, params: UnsafeRawBufferPointer(start: nil, count: 0), into: b)
        return b.load(as: UInt32.self)
    }

    @Test func the43439GetsWHDsAndCyw43DriversValues() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try u32(rig.driver, "ampdu_ba_wsize") == 8)
        #expect(try u32(rig.driver, "ampdu_mpdu") == 4)
        #expect(try u32(rig.driver, "ampdu_rx_factor") == 0)
    }

    @Test func the4373GetsAutoMPDUAnd64K() throws {
        let rig = sdioRig(.cyw4373)
        try rig.driver.bringUp(resources: resources(.cyw4373))
        #expect(try u32(rig.driver, "ampdu_ba_wsize") == 8)
        #expect(try u32(rig.driver, "ampdu_mpdu") == UInt32(bitPattern: -1))
        #expect(try u32(rig.driver, "ampdu_rx_factor") == 3)
    }
}
