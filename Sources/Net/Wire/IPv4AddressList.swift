import Runtime

/// Up to three IPv4 addresses without heap storage (DHCP option 6's DNS servers);
/// further addresses are dropped.
public struct IPv4AddressList: Equatable, Sendable {
    public static let capacity = 3
    private var a0 = IPv4Address.any, a1 = IPv4Address.any, a2 = IPv4Address.any
    public private(set) var count = 0

    public init() {}
    public init(_ addresses: IPv4Address...) { for a in addresses { append(a) } }

    public mutating func append(_ a: IPv4Address) {
        switch count {
        case 0: a0 = a
        case 1: a1 = a
        case 2: a2 = a
        default: return
        }
        count += 1
    }

    public subscript(i: Int) -> IPv4Address {
        switch i { case 0: a0; case 1: a1; default: a2 }
    }

    public var first: IPv4Address? { count > 0 ? a0 : nil }

    public static func == (l: IPv4AddressList, r: IPv4AddressList) -> Bool {
        guard l.count == r.count else { return false }
        for i in 0..<l.count where l[i] != r[i] { return false }
        return true
    }
}
