import Runtime
import Simulation

/// `--event TIME:ACTION[=ARG]`, TIME after the host's first deep sleep (90s, 10m, 1h).
enum ScriptText {
    static let help = "server-sends=TEXT, server-close, server-reset, server-gone, server-back, server-reboot, ap-down, ap-up, ap-passphrase=NEW, dhcp-off, dhcp-on"

    /// The event text for an error message, with an `ap-passphrase=` value hidden.
    static func redacted<S: StringProtocol>(_ s: S) -> String {
        guard let r = s.range(of: "ap-passphrase=") else { return String(s) }
        return String(s[..<r.upperBound]) + "(hidden)"
    }

    static func parse(_ s: String) throws(CommandError) -> ScriptedEvent {
        guard let colon = s.firstIndex(of: ":") else { throw .badOption("--event", "'\(redacted(s))' is not TIME:ACTION (\(help))") }
        let when: Duration
        do { when = try DurationText.parse(String(s[..<colon])) } catch {
            throw .badOption("--event", "bad time '\(redacted(s[..<colon]))' in '\(redacted(s))' (use e.g. 90s, 10m, 24h, 1h30m)")
        }
        let rest = s[s.index(after: colon)...]
        let (name, arg): (Substring, String?) = {
            if let eq = rest.firstIndex(of: "=") { return (rest[..<eq], String(rest[rest.index(after: eq)...])) }
            return (rest, nil)
        }()
        let action: ScriptedEvent.Action
        switch (name, arg) {
        case ("server-sends", let t?) where !t.isEmpty: action = .serverSends(Array(t.utf8))
        case ("server-close", nil): action = .serverCloses
        case ("server-reset", nil): action = .serverResets
        case ("server-gone", nil): action = .serverDisappears
        case ("server-back", nil): action = .serverReturns(rebooted: false)
        case ("server-reboot", nil): action = .serverReturns(rebooted: true)
        case ("ap-down", nil): action = .apDisappears(0)
        case ("ap-up", nil): action = .apReturns(0)
        case ("ap-passphrase", let p?):
            guard (8...63).contains(p.utf8.count) else { throw .badOption("--event", "ap-passphrase needs 8...63 characters") }
            action = .apChangesPassphrase(0, Array(p.utf8))
        case ("dhcp-off", nil): action = .dhcpServer(enabled: false)
        case ("dhcp-on", nil): action = .dhcpServer(enabled: true)
        default: throw .badOption("--event", "unknown action '\(redacted(rest))' (\(help))")
        }
        return ScriptedEvent(.afterFirstSleep(when), action)
    }
}
