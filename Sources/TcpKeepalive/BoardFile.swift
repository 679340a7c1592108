import Foundation
import Boards

/// `--board NAME|PATH`: a built-in kit by name (`--list-boards`), or a board file of the
/// same format as `Boards/<KIT>/board.conf` (Boards/README.md). The file is parsed and
/// validated by `Boards` (the parser the kit images use); errors name the file, the line
/// and the key, never the value (it may be a passphrase).
enum BoardFile {
    /// The board's name for the log and report (the built-in name, or the file's `kit`)
    /// and its configuration.
    static func load(_ argument: String, option: String = "--board") throws(CommandError) -> (name: String, board: BoardConfig) {
        if !looksLikePath(argument) {
            do { return (argument, try Boards.named(Array(argument.utf8))) } catch {
                if !FileManager.default.fileExists(atPath: argument) {
                    throw .badOption(option, "unknown board '\(argument)' (see --list-boards), and no file of that name")
                }
            }
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            let why = FileManager.default.fileExists(atPath: argument) ? "cannot read it" : "no such file"
            throw .badOption(option, "\(argument): \(why) (a board file, see Boards/README.md, or a built-in name: --list-boards)")
        }
        let bytes = [UInt8](data)
        do throws(BoardConfigError) {
            let b = try BoardConfig.parse(bytes)
            return (String(decoding: b.kit, as: UTF8.self), b)
        } catch {
            throw .badOption(option, message(error, file: argument, text: bytes))
        }
    }

    /// A path rather than a name: has a slash or ends in .conf (built-in names have neither).
    static func looksLikePath(_ s: String) -> Bool { s.contains("/") || s.hasSuffix(".conf") }

    /// "FILE line N, key K: what is wrong (what is expected)".
    static func message(_ e: BoardConfigError, file: String, text: [UInt8]) -> String {
        func name(_ k: BoardKey) -> String { k.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
        func at(_ k: BoardKey) -> String { "\(file) line \(e.line), key \(name(k))" }
        switch e {
        case .malformedLine(let l):
            return "\(file) line \(l): expected 'key = value', a '# comment' or a blank line"
        case .unknownKey(let l):
            let key = keyText(onLine: l, of: text)
            return "\(file) line \(l), key \(key): unknown key (the keys are listed in Boards/README.md)"
        case .duplicateKey(_, let k): return "\(at(k)): given twice (each key once)"
        case .badPin(_, let k): return "\(at(k)): not a pin (P<port>_<pin> like P2_6, gpiochip<N>:<line>, irq:<N> or none\(k == .sdioPins ? "; six of them" : ""))"
        case .badIPv4(_, let k): return "\(at(k)): not a host's IPv4 address (dotted quad; not 0.0.0.0, broadcast or multicast)"
        case .badNumber(_, let k): return "\(at(k)): not a number in range (\(range(k)))"
        case .badChoice(_, let k): return "\(at(k)): not one of the key's values (Boards/README.md lists them)"
        case .badText(_, let k): return "\(at(k)): empty, too long or not printable ASCII"
        case .badSocket(_, let k):
            return "\(at(k)): expected '<local port> -> <server IPv4>:<server port>' (ports 1...65535), or 'none' / '0 -> 0.0.0.0:0' for an unused slot"
        case .badFilter(_, let k): return "\(at(k)): not a filter rule (Boards/README.md: <match> <keep|discard> <sleep|wake|always>)"
        case .missingField(let k): return "\(file): missing key \(name(k))"
        case .invalid(_, let k, let p):
            let what = p.text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            return "\(at(k)): \(what)"
        }
    }

    private static func range(_ k: BoardKey) -> String {
        switch k {
        case .tkoInterval, .tkoRetryInterval: "seconds, 1...65535; 0 = WHD's default"
        case .tkoRetryCount: "1...65535; 0 = WHD's default"
        case .udbPort: "0...14"
        case .arpPeerAge: "seconds, 0...4294967295"
        default: "see Boards/README.md"
        }
    }

    /// The text before '=' on line `n` (1-based), for an unknown key's message.
    static func keyText(onLine n: Int, of text: [UInt8]) -> String {
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard n >= 1, n <= lines.count else { return "?" }
        let line = lines[n - 1]
        let key = line.firstIndex(of: 0x3D).map { line[line.startIndex..<$0] } ?? line
        return String(decoding: key, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
