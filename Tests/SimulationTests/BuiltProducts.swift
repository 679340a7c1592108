import Foundation

/// An executable SwiftPM built next to the test bundle (`.build/<config>/<name>`), or nil.
func builtProduct(_ names: String...) -> URL? {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        for name in names {
            let u = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}
