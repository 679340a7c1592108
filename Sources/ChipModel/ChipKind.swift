/// The chips the model can be (docs/cyw43-bus.md §3.2, §3.4, §2.1).
public enum ChipKind: Sendable {
    /// CYW4343W / CYW43438: chip id 43430, rev 1 (A1), SDIO only on the PSoC kits.
    case cyw4343W
    /// CYW43439: gSPI (Pico W style) and SDIO.
    case cyw43439
    /// CYW43012: a CM3 chip with its PMU at its own core (WHD-only data in the sheet).
    case cyw43012
    /// CYW4373: a CR4 chip whose RAM is TCM at 0x160000; SDIO only.
    case cyw4373

    /// The per-chip constant table.
    public var profile: ChipProfile {
        switch self {
        case .cyw4343W: return .cyw4343W
        case .cyw43439: return .cyw43439
        case .cyw43012: return .cyw43012
        case .cyw4373: return .cyw4373
        }
    }
}

/// Which far side the host talks to.
public enum HostBus: Sendable {
    case gspi
    case sdio
}

/// Per-chip constants, one table instead of `if chip == …` through the model
/// (docs/style-anchors.md §2 "Per-chip constant tables").
public struct ChipProfile: Sendable {
    /// CHIPID bits 15..0 (docs/cyw43-bus.md §3.2: 43430 = 0xA9A6, 43439 = 0xA9AF, 43012 = 0xA804, 4373 = 0x4373).
    public let chipID: UInt16
    /// CHIPID bits 19..16.
    public let revision: UInt8
    /// ARM core base; its AI wrapper is at +0x100000 (§3.3, §3.4).
    public let armCoreBase: UInt32
    /// True for the Cortex-R4 chip (4373): halted-then-run boot with a reset vector at 0 (§3.5).
    public let armIsCR4: Bool
    /// SOCSRAM core base, nil when the RAM is TCM (4373).
    public let socsramBase: UInt32?
    /// SDIO device core base (§2.5, §3.4).
    public let sdioCoreBase: UInt32
    /// PMU base (§3.4).
    public let pmuBase: UInt32
    /// Backplane address of RAM (§3.4).
    public let ramBase: UInt32
    /// RAM size in bytes (§3.4).
    public let ramSize: UInt32
    /// Save/restore memory reserved at the top of RAM (§3.4 "SR mem").
    public let srMemSize: UInt32
    /// Save/restore detection style (§7.9): true = chip-common SR_CONTROL1 != 0 (43430/43439),
    /// false = PMU retention_ctl bits 26/27 clear (43012/4373, WHD default branch).
    public let srViaControl1: Bool
    /// SDIO vendor / device ids (§2.1, Broadcom vendor 0x02D0).
    public let sdioVendor: UInt16
    public let sdioDevice: UInt16
    /// Whether the chip can be wired on gSPI (§1.9: 43439; WHD's gSPI path has no CR4 branch, §3.5).
    public let supportsGSPI: Bool
    /// BRCM_CARDCAP (F0 0xF0) read-only bits. 0x40 CHIPID_PRESENT makes WHD read the chip id from
    /// the SDIO core +0x330 (§2.7 step 12). Which chips set it is not in the sheet: we set it on the
    /// two newer chips only so both read paths get exercised (a model choice).
    public let cardCapabilities: UInt8
    /// The firmware/CLM base names (§9.2), used in the synthetic "ver"/"clmver" strings.
    public let name: StaticString

    public static let cyw4343W = ChipProfile(
        chipID: 0xA9A6, revision: 1, armCoreBase: 0x1800_3000, armIsCR4: false,
        socsramBase: 0x1800_4000, sdioCoreBase: 0x1800_2000, pmuBase: 0x1800_0000,
        ramBase: 0, ramSize: 0x8_0000, srMemSize: 0x1_0000, srViaControl1: true,
        sdioVendor: 0x02D0, sdioDevice: 0xA9A6, supportsGSPI: false, cardCapabilities: 0x06,
        name: "4343WA1")
    public static let cyw43439 = ChipProfile(
        chipID: 0xA9AF, revision: 0, armCoreBase: 0x1800_3000, armIsCR4: false,
        socsramBase: 0x1800_4000, sdioCoreBase: 0x1800_2000, pmuBase: 0x1800_0000,
        ramBase: 0, ramSize: 0x8_0000, srMemSize: 0x1_0000, srViaControl1: true,
        sdioVendor: 0x02D0, sdioDevice: 0xA9AF, supportsGSPI: true, cardCapabilities: 0x06,
        name: "43439A0")
    public static let cyw43012 = ChipProfile(
        chipID: 0xA804, revision: 1, armCoreBase: 0x1800_3000, armIsCR4: false,
        socsramBase: 0x1800_4000, sdioCoreBase: 0x1800_2000, pmuBase: 0x1801_2000,
        ramBase: 0, ramSize: 0xA_0000, srMemSize: 0, srViaControl1: false,
        sdioVendor: 0x02D0, sdioDevice: 0xA804, supportsGSPI: false, cardCapabilities: 0x46,
        name: "43012C0")
    public static let cyw4373 = ChipProfile(
        chipID: 0x4373, revision: 0, armCoreBase: 0x1800_2000, armIsCR4: true,
        socsramBase: nil, sdioCoreBase: 0x1800_5000, pmuBase: 0x1800_0000,
        ramBase: 0x16_0000, ramSize: 0xE_0000, srMemSize: 0, srViaControl1: false,
        sdioVendor: 0x02D0, sdioDevice: 0x4373, supportsGSPI: false, cardCapabilities: 0x46,
        name: "4373A0")

    /// CHIPID register value: bits 15..0 id, 19..16 revision, 23..20 package, 27..24 core count,
    /// 31..28 chip type (§3.2). Package 0, 7 cores and type 1 (AI/AXI) are model choices.
    public var chipIDRegister: UInt32 {
        UInt32(chipID) | UInt32(revision & 0xF) << 16 | 7 << 24 | 1 << 28
    }
    /// Top of RAM: the NVRAM length token lives in the last word (§3.5).
    public var ramEnd: UInt32 { ramBase &+ ramSize }
}
