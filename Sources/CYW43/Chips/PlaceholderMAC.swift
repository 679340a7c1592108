import Runtime

/// MACs that are not a device's own: what firmware reports with blank OTP from the NVRAM files
/// boards ship (Broadcom's 00:90:4C:C5:12:38 and 00:90:4C:2D:A0:05, the 00:A0:50:B5:59:5E that
/// cyw43-driver compares against, WHD's generated placeholder 00:A0:50:5D:60:5D), and anything
/// multicast or all-zero. Every device with such a MAC would share it, so the driver replaces it
/// with a locally administered one, as cyw43-driver does (`cyw43_hal_generate_laa_mac` when
/// "mac not set in otp").
public enum PlaceholderMAC {
    static let known: [MACAddress] = [
        MACAddress(0x00, 0x90, 0x4C, 0xC5, 0x12, 0x38), MACAddress(0x00, 0x90, 0x4C, 0x2D, 0xA0, 0x05),
        MACAddress(0x00, 0xA0, 0x50, 0xB5, 0x59, 0x5E), MACAddress(0x00, 0xA0, 0x50, 0x5D, 0x60, 0x5D),
    ]

    public static func isPlaceholder(_ m: MACAddress) -> Bool {
        if m.b0 & 0x01 != 0 { return true }                                   // multicast
        if m == MACAddress(0, 0, 0, 0, 0, 0) { return true }
        for k in known where k == m { return true }
        return false
    }

    /// A locally administered unicast MAC (first octet bit 1 set, bit 0 clear) from a per-device
    /// number (splitmix64 of it), so two boards with different ids get different MACs.
    public static func locallyAdministered(uniqueID: UInt64) -> MACAddress {
        var z = uniqueID &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        func byte(_ n: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: z >> (8 * n)) }
        return MACAddress(byte(0) & 0xFC | 0x02, byte(1), byte(2), byte(3), byte(4), byte(5))
    }
}
