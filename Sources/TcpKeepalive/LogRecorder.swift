/// Every line of a run's consoles (serial log, "[server] ", "[air] ") in order, for
/// `--log FILE`. Unlike stdout it keeps the air lines past `--trace-limit`, and the run's
/// last words (the error line of a failed run) are appended before it is written.
final class LogRecorder {
    private(set) var text = ""
    func append(line: String) { text += line; text += "\n" }
}
