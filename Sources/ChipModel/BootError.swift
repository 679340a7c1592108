/// What went wrong when the firmware did not come up (for tests and the simulation's log).
public enum BootError: Sendable, Equatable {
    /// Nothing was written to RAM before the ARM core was released.
    case noFirmware
    /// The last RAM word is not a valid NVRAM length token (docs/cyw43-bus.md §3.5): HT comes up but
    /// F2 never becomes ready ("failure usually = wrong NVRAM/crystal", §1.9 step 11).
    case badNVRAMToken(UInt32)
    /// CR4 (4373): the word at backplane address 0 differs from the image's first word (§3.5).
    case resetVectorMismatch(expected: UInt32, found: UInt32)
    /// The image carries no firmware trailer ("Version: ..." in its last 800 bytes, docs/cyw43-bus.md
    /// §3.5): not a firmware image. cyw43-driver refuses it before download ("could not find valid
    /// firmware"); the model does not start it.
    case notFirmware
    /// The trailer names another chip ("43430a1-roml/..." downloaded to a 43439).
    case firmwareForAnotherChip(found: [UInt8])
}
