import CYW43

extension BusError {
    /// What the spidev transport throws; the errno and path stay in
    /// `SpidevGSPITransport.lastError`.
    static func linux(_ error: SPIDevError) -> BusError {
        if case .plan(.tooLong(let bytes, _)) = error { return .tooLong(length: bytes) }
        return .transferFailed
    }
}
