import Foundation
import Boards

/// A board file being built from a C example's configuration: a base kit's file (what the
/// configuration does not say: bus, firmware names, ...) with the values the configuration
/// does say put over it. Every setting read is either carried to a key (`set`) or named
/// with the reason it was not (`notCarried`); nothing is dropped without a word.
struct ImportedBoard {
    /// The source, for the header ("design.modus", "cycfg_connectivity_wifi.c").
    var sources: [String] = []
    var baseName: String
    var baseWhy: String
    private(set) var values: [String: String] = [:]       // board key -> value
    private(set) var notes: [String: [String]] = [:]      // board key -> where it came from
    private(set) var order: [String] = []
    private(set) var notCarried: [String] = []

    init(baseName: String, why: String) { self.baseName = baseName; self.baseWhy = why }

    mutating func set(_ key: String, _ value: String, from source: String) {
        if values[key] == nil { order.append(key) }
        values[key] = value
        notes[key, default: []].append(source)
    }

    /// A setting of the source with no equivalent here (or not representable), and why.
    mutating func skip(_ setting: String, _ why: String) { notCarried.append("\(setting): \(why)") }

    /// The board file: the base kit's text with each imported key's value replaced (a
    /// comment line above it says where it came from), keys the base lacks appended, then
    /// the settings that were not carried over.
    func render() throws(CommandError) -> String {
        guard let text = Boards.text(of: Array(baseName.utf8)) else {
            throw .badOption("--base", "unknown board '\(baseName)' (see tcp-keepalive --list-boards)")
        }
        let base = text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        var out = "# Imported by `tcp-keepalive import-modus` from \(sources.joined(separator: " and ")).\n"
        out += "# Base kit \(baseName) (\(baseWhy)): it gives every key the configuration does not\n"
        out += "# (bus, transport, SDIO pins, firmware/CLM/NVRAM names, ...). Check those against your board.\n"
        out += "# Keys marked \"from ...\" are the configuration's own values.\n\n"
        var done = Set<String>()
        for line in base.components(separatedBy: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") || !t.contains("=") { out += line + "\n"; continue }
            let key = String(t[..<t.firstIndex(of: "=")!]).trimmingCharacters(in: .whitespaces)
            if let v = values[key] {
                out += "# from \(notes[key]!.joined(separator: ", "))\n"
                out += pad(key) + "= " + v + "\n"
                done.insert(key)
            } else {
                out += line + "\n"
            }
        }
        let rest = order.filter { !done.contains($0) }
        if !rest.isEmpty { out += "\n" }
        for key in rest {
            out += "# from \(notes[key]!.joined(separator: ", "))\n"
            out += pad(key) + "= " + values[key]! + "\n"
        }
        out += "\n# Not carried over (no equivalent in a board file, or not representable):\n"
        if notCarried.isEmpty { out += "#   (none)\n" }
        for n in notCarried { out += "#   \(n)\n" }
        return out
    }

    private func pad(_ key: String) -> String {
        key.count >= 19 ? key + " " : key + String(repeating: " ", count: 19 - key.count)
    }
}
