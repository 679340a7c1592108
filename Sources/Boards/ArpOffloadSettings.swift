/// ARP offload settings (LPA `arp_ol_cfg_t`, docs/tko-offload.md §5.1; iovars docs/cyw43-bus.md §7.6).
public struct ArpOffloadSettings: Equatable, Sendable {
    /// Feature bits of the `arp_ol` iovar.
    public struct Features: OptionSet, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// 0x1: the offload agent itself.
        public static let agent = Features(rawValue: 0x1)
        /// 0x2: learn the host IP from its traffic.
        public static let snoop = Features(rawValue: 0x2)
        /// 0x4: answer ARP requests for the host's IP.
        public static let hostAutoReply = Features(rawValue: 0x4)
        /// 0x8: answer the host's ARP requests from the firmware's cache.
        public static let peerAutoReply = Features(rawValue: 0x8)
    }

    /// `arp.offload = on|off` (the CE seed: off).
    public var enabled: Bool
    /// Features while the host is awake (`awake_enable_mask`).
    public var awake: Features
    /// Features while the host sleeps (`sleep_enable_mask`).
    public var sleep: Features
    /// Seconds a learned peer stays in the firmware's table (`peerage`, default 1200).
    public var peerAgeSeconds: UInt32

    public init(enabled: Bool, awake: Features = [], sleep: Features = [.agent, .hostAutoReply],
                peerAgeSeconds: UInt32 = 1200) {
        self.enabled = enabled
        self.awake = awake
        self.sleep = sleep
        self.peerAgeSeconds = peerAgeSeconds
    }

    /// The CE seed: ARP offload off.
    public static let off = ArpOffloadSettings(enabled: false)
}
