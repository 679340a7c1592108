import Runtime

/// Something the world does at a chosen time, to exercise the application's wake and
/// repair paths (CE229926 README: data from the server, link down; plus failures).
public struct ScriptedEvent: Sendable {
    public enum When: Sendable {
        /// Virtual time since the start.
        case at(Instant)
        /// Time after the host's first deep sleep (what `--duration` counts from).
        case afterFirstSleep(Duration)
    }

    public enum Action: Sendable {
        /// The echo server sends these bytes on its current connection.
        case serverSends([UInt8])
        /// The server closes its connection (FIN).
        case serverCloses
        /// The server aborts its connection (RST).
        case serverResets
        /// The server host vanishes from the LAN (frames to it are lost).
        case serverDisappears
        /// The server host is back; `rebooted` forgets its TCP state first.
        case serverReturns(rebooted: Bool)
        /// The AP (index into the world's APs) stops beaconing and drops its stations.
        case apDisappears(Int)
        /// The AP is back.
        case apReturns(Int)
        /// The AP restarts with a new passphrase and drops its stations.
        case apChangesPassphrase(Int, [UInt8])
        /// The router's DHCP server stops/starts answering.
        case dhcpServer(enabled: Bool)
        /// A fault inside the station's chip.
        case chipFault(ChipFault)
        /// The server's receive window changes to this many bytes (its reader fell behind
        /// or caught up) and it says so with a window update.
        case serverWindow(Int)
    }

    public var when: When
    public var action: Action

    public init(_ when: When, _ action: Action) { self.when = when; self.action = action }
}
