import CYW43

/// The CYW43 driver serves the offload manager directly: CYW43/Offload's typed operations
/// (on every `IovarAccess`) satisfy `OffloadTarget`.
extension Driver: OffloadTarget {}
