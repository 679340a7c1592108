/// WLC ioctl numbers (docs/cyw43-bus.md §7.1). Open so callers can use numbers we don't name.
public struct Ioctl: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { rawValue = value }

    public static let getMagic = Ioctl(0)
    public static let getVersion = Ioctl(1)
    public static let up = Ioctl(2)
    public static let down = Ioctl(3)
    public static let setInfra = Ioctl(20)
    public static let setAuth = Ioctl(22)
    public static let getBSSID = Ioctl(23)
    public static let getSSID = Ioctl(25)
    public static let setSSID = Ioctl(26)
    public static let getChannel = Ioctl(29)
    public static let disassoc = Ioctl(52)
    public static let setAntdiv = Ioctl(64)
    public static let setCountry = Ioctl(84)
    public static let getPM = Ioctl(85)
    public static let setPM = Ioctl(86)
    public static let setGmode = Ioctl(110)
    public static let getRSSI = Ioctl(127)
    public static let getWsec = Ioctl(133)
    public static let setWsec = Ioctl(134)
    public static let setBand = Ioctl(142)
    public static let setWPAAuth = Ioctl(165)
    public static let getVar = Ioctl(262)
    public static let setVar = Ioctl(263)
    public static let setWsecPMK = Ioctl(268)
}
