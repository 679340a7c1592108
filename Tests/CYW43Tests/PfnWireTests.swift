import Testing
import Runtime
@testable import CYW43

/// The "pfn" iovars' values and the PFN_NET_FOUND data against bytes written by hand from
/// the layouts in Linux brcmfmac's fwil_types.h and WHD's whd_wlioctl.h (docs/pno.md).
@Suite struct PfnWireTests {
    @Test func pfnSetCarriesBrcmfmacsScheduledScanParameters() throws {
        // version 2, scan_freq 30, lost_network_timeout 0, flags IMMEDIATE_SCAN|ADAPTSCAN
        // (bits 3 and 6 = 0x0048), rssi_margin 0, bestn 0, mscan 0, repeat 4, exp 3, slow_freq 0.
        let fixture: [UInt8] = [2, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0x48, 0, 0, 0, 0, 0, 4, 3, 0, 0, 0, 0]
        var out = [UInt8](repeating: 0xEE, count: PfnParameters.size)
        out.withUnsafeMutableBytes { PfnParameters(scanPeriodSeconds: 30).emit(into: $0) }
        #expect(out == fixture)
        let back = try fixture.withUnsafeBytes { try PfnParameters(parsing: $0) }
        #expect(back == PfnParameters(scanPeriodSeconds: 30))
        #expect(throws: WireError.truncated(need: 24, have: 23)) {
            try Array(fixture.prefix(23)).withUnsafeBytes { try PfnParameters(parsing: $0) }
        }
    }

    @Test func pfnAddCarriesOneNetworkMatchedBySSIDAlone() throws {
        // wlc_ssid_t {u32 9, "WIFI_SSID" + 23 zeros}, flags 4 (hidden), infra 1, auth 0,
        // wpa_auth 0xFFFFFFFF (any), wsec 0.
        var fixture: [UInt8] = [9, 0, 0, 0] + Array("WIFI_SSID".utf8) + [UInt8](repeating: 0, count: 23)
        fixture += [4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        #expect(fixture.count == 56)
        var net = PfnNetwork(ssid: Array("WIFI_SSID".utf8))
        net.flags = PfnNetwork.hidden
        var out = [UInt8](repeating: 0xEE, count: PfnNetwork.size)
        out.withUnsafeMutableBytes { net.emit(into: $0) }
        #expect(out == fixture)
        #expect(try fixture.withUnsafeBytes { try PfnNetwork(parsing: $0) } == net)
        var bad = fixture
        bad[0] = 33
        #expect(throws: WireError.badLength(length: 33, available: 32)) { try bad.withUnsafeBytes { try PfnNetwork(parsing: $0) } }
    }

    /// One wl_pfn_net_info_t: bssid 02:11:22:33:44:55, channel 6, "HomeAP", RSSI -48, age 3.
    static let netInfo: [UInt8] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 6, 6] + Array("HomeAP".utf8)
        + [UInt8](repeating: 0, count: 26) + [0xD0, 0xFF, 3, 0]

    @Test func netFoundDataVersion1And2() throws {
        #expect(Self.netInfo.count == 44)
        let v1: [UInt8] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] + Self.netInfo
        let r1 = try v1.withUnsafeBytes { try PfnScanResults(parsing: $0) }
        let expected = PfnScanResults.Network(bssid: MACAddress(0x02, 0x11, 0x22, 0x33, 0x44, 0x55), channel: 6,
                                              ssid: Array("HomeAP".utf8), rssi: -48, ageSeconds: 3)
        #expect(r1 == PfnScanResults(version: 1, status: 1, networks: [expected]))
        #expect(r1.contains(ssid: Array("HomeAP".utf8)) && !r1.contains(ssid: Array("Home".utf8)))
        // Version 2 adds u32 scan_ch_bucket before the records.
        let v2: [UInt8] = [2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x01, 0, 0, 0] + Self.netInfo
        #expect(try v2.withUnsafeBytes { try PfnScanResults(parsing: $0) }.networks == [expected])
    }

    @Test func netFoundDataShorterThanItsCountIsRejected() {
        // count 2 but one record (brcmfmac: "insufficient event data").
        let short: [UInt8] = [1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0] + Self.netInfo
        #expect(throws: WireError.truncated(need: 100, have: 56)) { try short.withUnsafeBytes { try PfnScanResults(parsing: $0) } }
        #expect(throws: WireError.truncated(need: 12, have: 8)) { try [UInt8](repeating: 0, count: 8).withUnsafeBytes { try PfnScanResults(parsing: $0) } }
    }
}
