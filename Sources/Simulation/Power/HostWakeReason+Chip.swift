import ChipModel

extension HostWakeReason {
    /// The ledger's reason for a chip host-wake reason (ChipModel's `event` and `other`
    /// are both "other" in the report). (`ChipModel: AirStation` is declared in SimKit.)
    public init(_ r: WakeReason) {
        switch r {
        case .data: self = .data
        case .linkDown: self = .linkDown
        case .keepaliveFailure: self = .keepaliveFailure
        case .event, .other: self = .other
        }
    }
}
