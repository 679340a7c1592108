/// A failure that ends the run with one clear line ("what and where") and a non-zero
/// exit status.
struct CommandError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }

    static func badOption(_ option: String, _ why: String) -> CommandError { CommandError("\(option): \(why)") }
}
