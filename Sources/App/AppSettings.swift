import Runtime
import Net
import Boards

/// Everything the application needs to run on one board: the board's configuration
/// (with any user overrides of Wi-Fi credentials, keepalive timing or server already
/// applied by the caller) plus the knobs the C example fixes in `app_config.h`.
public struct AppSettings {
    public var board: BoardConfig
    /// Hand the TCP connections to the firmware before sleeping (the example). When false,
    /// or when the firmware lacks `tko`, the host keeps them alive itself with TCP keepalive
    /// at the board's interval and wakes for every probe (the baseline).
    public var offload: Bool = true
    /// DHCP (the example) or a fixed address.
    public var address: AddressMode = .dhcp
    /// `MAX_WIFI_RETRY_COUNT` (tcp_keepalive_offload.h): joins tried before giving up.
    public var joinAttempts: Int = 3
    /// After the first `joinAttempts` failed, or after a link loss, keep trying every
    /// this long (the C example halts instead; a product must recover by itself).
    public var rejoinInterval: Duration = .seconds(10)
    /// How the host decides, after a data wake, that it may sleep again (`NetActivityRule`).
    public var netActivity: NetActivityRule
    /// `.quick`: while a peer's write is still arriving (its last segment had no PSH), how
    /// long after the last frame the host waits for the next before it treats the write as
    /// stalled and goes on (the next segment then wakes it).
    public var moreDataWindow: Duration = .milliseconds(50)
    /// `NETWORK_INACTIVE_INTERVAL_MS` / `NETWORK_INACTIVE_WINDOW_MS` / `NETWORK_SUSPEND_DELAY_MS`.
    public var inactiveInterval: Duration = .milliseconds(300)
    public var inactiveWindow: Duration = .milliseconds(200)
    public var suspendDelay: Duration = .milliseconds(100)
    /// After a wake from offloaded sleep, the earliest the connections go back to the
    /// firmware. ENABLE makes the firmware probe at once, and a Linux peer answers at most
    /// one out-of-window segment per 500 ms (`tcp_invalid_ratelimit`): a probe sooner after
    /// the peer's answer to the firmware's last one goes unanswered and costs a retry (seen
    /// against a real kernel: probes in pairs 0.3 s apart, the second never ACKed).
    /// 500 ms + a round trip's margin.
    public var reoffloadSpacing: Duration = .milliseconds(600)
    /// After the host sent a request whose answer is one LAN round trip away (a DHCP
    /// DISCOVER or REQUEST, a SYN), it idles this long without deep sleep: the answer (a few
    /// ms later) is then taken in the same wake instead of ending a deep sleep of its own.
    /// Zero: every idle may deep-sleep. The window ends with the first frame received.
    public var answerWindow: Duration = .milliseconds(20)
    /// A connection attempt whose next hop (the server on our subnet, else the gateway) has
    /// not answered ARP this long after the SYN was due is given up and retried after the
    /// reconnect back-off: a LAN neighbour answers in milliseconds, and a server that is down
    /// (rebooting, gone) would otherwise keep the host up for the whole outage, retrying.
    /// Under the 1 s deep-sleep threshold, so the wait is part of the attempt's one wake.
    public var neighborAnswerWindow: Duration = .milliseconds(200)
    /// `TCP_SOCKET_ERROR_DELAY_MS`: pause after a failed connection before going on.
    public var socketErrorDelay: Duration = .seconds(2)
    /// While the AP is gone, let the chip look for it (preferred-network offload, the
    /// firmware's "pfn" iovars, docs/pno.md) and sleep until it is found, where the
    /// firmware has it; otherwise (or false) rejoin rounds backed off to `maxReconnectDelay`.
    public var networkSearch = true
    /// The chip's scan period while it searches (brcmfmac's 30 s; the firmware's adaptive
    /// scan doubles it after 4 scans, up to 8x).
    public var networkSearchPeriod: Duration = .seconds(30)
    /// While the chip searches, a join is still tried this often in case its
    /// PFN_NET_FOUND was lost (a corrupt frame): the outage costs 2 wakes per this.
    public var networkSearchCheck: Duration = .hours(1)
    /// Longest pause between reconnection attempts to a server that is gone.
    public var maxReconnectDelay: Duration = .seconds(300)
    /// The 17 bytes the example sends after connecting.
    public var greeting: StaticString = "Some random stuff"
    /// Seed for TCP initial sequence numbers and DHCP transaction ids (deterministic runs).
    public var seed: UInt64 = 0x5EED
    /// Send/receive ring size per TCP socket.
    public var socketBufferSize: Int = 2048
    /// The example prints ESC[2J ESC[;H (clear screen) before its banner: right on a
    /// serial terminal, noise in a captured log.
    public var clearScreen = false

    public enum AddressMode: Equatable {
        case dhcp
        case fixed(IPv4Config)
    }

    public init(board: BoardConfig) {
        self.board = board
        netActivity = board.netActivity
    }

    /// The configured keepalive sockets (slots with a port and a server address).
    public var sockets: [KeepaliveSocket] { board.keepalive.sockets }
}


