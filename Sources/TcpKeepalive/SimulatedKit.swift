import Runtime
import Simulation

// SEAM (the lead's file): the App wiring of the simulated kit.
//
// Default: SimKit (SimKitWiring.swift: SimulatedKitOptions -> KitOptions, makeKit,
// runToFirstSleep, run for the duration, RunResult.collect). `--stand-in` runs the
// stand-in device (StandInKit.swift: Net straight on the air, a firmware-like keepalive
// engine), which exercises the world without the App, driver and chip model.
func runSimulatedApp(_ options: SimulatedKitOptions, consoles: Consoles) throws(CommandError) -> RunResult {
    if options.standIn { return try StandInDevice.run(options, consoles: consoles) }
    return try runWithSimKit(options, consoles: consoles)
}
