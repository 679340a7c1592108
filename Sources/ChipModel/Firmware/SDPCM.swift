/// SDPCM constants (docs/cyw43-bus.md §4.1).
enum SDPCM {
    static let headerSize = 12
    static let channelControl: UInt8 = 0
    static let channelEvent: UInt8 = 1
    static let channelData: UInt8 = 2
    /// CDC header size (§5.1).
    static let cdcSize = 16
    /// BDC header size and its version-2 flags byte (§5.3).
    static let bdcSize = 4
    static let bdcVersion2: UInt8 = 0x20
}
