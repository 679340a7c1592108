import Runtime
import Simulation

/// The simulated run: options in, numbers out (the App wiring is SimKitWiring.swift).
func runSimulatedKit(_ options: SimulatedKitOptions) throws(CommandError) -> RunResult {
    try runWithSimKit(options, consoles: Consoles(options))
}

/// The TAP bridge for `--tap`, or nil (a missing interface is one clear error).
func makeExternalLink(_ options: SimulatedKitOptions) throws(CommandError) -> TapLink? {
    guard let name = options.tap else { return nil }
    return try TapLink(name: name)
}

/// "a.b.c.d" for messages and the report.
func dotted(_ a: IPv4Address) -> String {
    "\(a.value >> 24).\(a.value >> 16 & 0xFF).\(a.value >> 8 & 0xFF).\(a.value & 0xFF)"
}
