/// The SDIO card's protocol state and data-bus width (docs/cyw43-bus.md §2.7 step 0; SDIO
/// Simplified Specification: an I/O card that has received no CMD5 answers nothing but CMD5;
/// CMD3 publishes a relative card address; only the card selected with CMD7 answers CMD52/53;
/// CMD0 is for SD memory and leaves the I/O part alone; a CCCR RES write or power cycle takes
/// the I/O part back to "no CMD5 yet").
///
/// Strictness: the model cannot tell a host that never enumerates from a harness that calls
/// `sdioCmd52`/`sdioCmd53` directly (as an independent check with another driver does). So the
/// card answers as enumerated and selected until a host issues its first enumeration command
/// through `ChipModel.sdioCommand`; from then on, it holds every host to the state machine,
/// across power cycles too.
struct SDIOCard {
    enum State: Equatable {
        /// Power-on (or after RES): no CMD5 received, the I/O part does not answer.
        case inactive
        /// CMD5 received (I/O ready at once: these chips need no voltage switch).
        case ready
        /// An RCA was published with CMD3; not selected.
        case standby
        /// Selected with CMD7: CMD52/CMD53 are decoded.
        case command
    }

    var state: State = .inactive
    var rca: UInt16 = 0
    /// RCAs published so far (each CMD3 publishes a new one).
    var published: UInt16 = 0
    /// A host used `sdioCommand`: the state machine is enforced from then on.
    var enumerating = false
    /// The data width the host controller drives (1 or 4 lines); nil = never told (no check).
    var hostBusWidth: Int?

    /// Whether CMD52/CMD53 are decoded.
    var selected: Bool { !enumerating || state == .command }

    /// The next RCA: any non-zero 16-bit value is legal; vary it so a host that assumes one fails.
    mutating func publishRCA() -> UInt16 {
        published &+= 1
        var v = 0xB2E1 &+ published &* 0x1F3
        if v == 0 { v = 1 }
        rca = v
        return v
    }
}

/// The commands `ChipModel.sdioCommand` understands, by index.
public enum SDIOCommandIndex {
    public static let goIdle: UInt8 = 0
    public static let sendRelativeAddress: UInt8 = 3
    public static let ioSendOpCond: UInt8 = 5
    public static let selectCard: UInt8 = 7
}
