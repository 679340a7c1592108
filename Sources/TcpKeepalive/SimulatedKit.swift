import Runtime
import Simulation

// SEAM (the lead's file): the App wiring of the simulated kit.
//
// Replace the body with: chip model (`air: kit.world`, `kit.world.attach(station: chip)`,
// `kit.platform.attach(chip)`), the CYW43 driver over a ChipModel transport adapter, the
// App with `kit.options.board` and `kit.serialLog`, run its scheduler on `kit.platform`
// until `kit.shouldStop(at: kit.platform.now)`, and report the host's deep sleep / wake
// with `kit.world.hostAsleep(at:)` / `kit.world.hostAwake(at:reason:)`. Throw a KitError
// for a join/DHCP/connect failure ("DHCP: no answer from a server ...").
//
// Until then the stand-in device (StandInKit.swift) drives DHCP and a TCP connection
// from Net directly, with a firmware-like keepalive stand-in.
func runSimulatedApp(_ kit: KitHarness) throws(KitError) -> AppOutcome {
    try StandInDevice.run(kit)
}
