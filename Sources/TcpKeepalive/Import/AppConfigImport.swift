import Foundation
import Boards

/// The C example's `app_config.h` (docs/tko-offload.md §6.1): WIFI_SSID, WIFI_PASSWORD and
/// WIFI_SECURITY_TYPE become wifi.*; every other `#define` is named as not carried over
/// (the network-activity timings and ENABLE_HOST_TCP_KEEPALIVE are this app's own
/// settings, or command-line options, not board keys).
enum AppConfigImport {
    static func apply(_ text: String, file: String, to b: inout ImportedBoard) throws(CommandError) {
        let name = (file as NSString).lastPathComponent
        for raw in CFileImport.stripComments(text).components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("#define") else { continue }
            let parts = line.dropFirst("#define".count).trimmingCharacters(in: .whitespaces)
            guard let sp = parts.firstIndex(where: { $0 == " " || $0 == "\t" }) else { continue }   // include guards
            let macro = String(parts[..<sp])
            let value = parts[sp...].trimmingCharacters(in: .whitespaces)
            if macro.contains("(") { b.skip("\(name): \(macro)", "a function-like macro"); continue }
            switch macro {
            case "WIFI_SSID":
                let s = CFileImport.unquote(value)
                guard (1...32).contains(s.utf8.count) else { throw .badOption("--app-config", "\(file): WIFI_SSID must be 1...32 bytes") }
                b.set("wifi.ssid", s, from: "\(name) WIFI_SSID")
            case "WIFI_PASSWORD":
                b.set("wifi.password", CFileImport.unquote(value), from: "\(name) WIFI_PASSWORD")
            case "WIFI_SECURITY_TYPE":
                let word = value.replacingOccurrences(of: "CY_WCM_SECURITY_", with: "").lowercased()
                if WifiSecurity.allCases.contains(where: { $0.name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } == word }) {
                    b.set("wifi.security", word, from: "\(name) WIFI_SECURITY_TYPE")
                } else {
                    b.skip("\(name): WIFI_SECURITY_TYPE = \(value)", "not a security type this app joins with; the base kit's is kept")
                }
            case "ENABLE_HOST_TCP_KEEPALIVE":
                b.skip("\(name): ENABLE_HOST_TCP_KEEPALIVE = \(value)", "a run option here: --no-offload")
            default:
                b.skip("\(name): \(macro) = \(value)", "not a board setting")
            }
        }
    }
}
