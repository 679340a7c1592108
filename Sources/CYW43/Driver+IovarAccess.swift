/// The driver is the offload iovars' transport (Sources/CYW43/Offload/IovarAccess.swift):
/// its `setIovar` / `getIovar` (docs/seams.md §2) satisfy the protocol as they are.
extension Driver: IovarAccess {}
