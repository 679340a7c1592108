import CYW43

/// The CYW43 driver serves the offload manager directly: CYW43/Offload's typed operations
/// (on every `IovarAccess`) satisfy `OffloadTarget`.
extension Driver: OffloadTarget {
    /// Adds WLC_E_TKO to the firmware's event mask.
    public func enableKeepaliveEvent() throws(OffloadIovarError) {
        do throws(IoctlError) { try offloadEnableEvent(.tko) } catch { throw .ioctl(error) }
    }
}
