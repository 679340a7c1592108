/// Per-chip constants (docs/cyw43-bus.md §3.4 table, §3.5, §7.9), looked up by the chip id read
/// from chip-common. One table instead of `if chip == ...` scattered through the code.
public struct ChipInfo: Equatable, Sendable {
    /// Chip id as read (bits 15..0 of CHIPID; 43430 for CYW4343W/43438, 0x4373 for 4373).
    public var id: UInt16
    /// ARM core base (wrapper = base + 0x100000).
    public var armCore: UInt32
    /// true for the Cortex-R4 (4373): halted-reset download + reset vector at address 0.
    public var armIsCR4: Bool
    /// SOCSRAM core base; 0 = none (TCM chips).
    public var socsram: UInt32
    public var sdioCore: UInt32
    public var ramBase: UInt32
    public var ramSize: UInt32
    /// 43430/43439 need SOCSRAM bankx index 3 / PDA 0 ("disable remap for SRAM_3", §3.5 step 2).
    public var needsSRAM3Remap: Bool
    /// Save/restore detect + KSO flavour (§7.9): 43430/43439 vs 43012/4373.
    public var isSRFamily43430: Bool
    /// PMU base (chip-common on all but 43012); retention_ctl at +0x670.
    public var pmuBase: UInt32 { id == 43012 ? 0x1801_2000 : 0x1800_0000 }

    public static let cyw43430 = ChipInfo(id: 43430, armCore: 0x1800_3000, armIsCR4: false, socsram: 0x1800_4000,
                                          sdioCore: 0x1800_2000, ramBase: 0, ramSize: 0x8_0000,
                                          needsSRAM3Remap: true, isSRFamily43430: true)
    public static let cyw43439 = ChipInfo(id: 43439, armCore: 0x1800_3000, armIsCR4: false, socsram: 0x1800_4000,
                                          sdioCore: 0x1800_2000, ramBase: 0, ramSize: 0x8_0000,
                                          needsSRAM3Remap: true, isSRFamily43430: true)
    public static let cyw43012 = ChipInfo(id: 43012, armCore: 0x1800_3000, armIsCR4: false, socsram: 0x1800_4000,
                                          sdioCore: 0x1800_2000, ramBase: 0, ramSize: 0xA_0000,
                                          needsSRAM3Remap: false, isSRFamily43430: false)
    public static let cyw4373 = ChipInfo(id: 0x4373, armCore: 0x1800_2000, armIsCR4: true, socsram: 0,
                                         sdioCore: 0x1800_5000, ramBase: 0x16_0000, ramSize: 0xE_0000,
                                         needsSRAM3Remap: false, isSRFamily43430: false)

    /// The known chips; nil for an id we have no table for.
    public static func lookup(id: UInt16) -> ChipInfo? {
        switch id {
        case 43430: return .cyw43430
        case 43439: return .cyw43439
        case 43012: return .cyw43012
        case 0x4373: return .cyw4373  // hex, not decimal (§3.2 DISAGREE: embassy compares 4373)
        default: return nil
        }
    }
}
