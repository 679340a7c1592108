extension BoardConfig {
    /// Cross-field checks; `lines` gives each key's line for the error.
    func validate(lines entries: BoardConfigEntries) throws(BoardConfigError) {
        func fail(_ key: BoardKey, _ problem: BoardConfigProblem) -> BoardConfigError {
            .invalid(line: entries.line(key), key: key, problem: problem)
        }
        guard transport.carries(bus) else { throw fail(.transport, .transportCannotCarryBus) }
        if transport == .spidev && spiDevice.isEmpty { throw .missingField(key: .spiDevice) }
        if hostWake.pin == .none { throw fail(.hostWakePin, .hostWakeRequired) }
        let pins: [(BoardKey, Pin)] = [(.hostWakePin, hostWake.pin), (.wlRegOnPin, wlRegOn),
                                       (.deviceWakePin, deviceWake)]
        for (key, pin) in pins where !fits(pin) { throw fail(key, .pinKindMismatch) }
        for pin in sdioPins where !fits(pin) { throw fail(.sdioPins, .pinKindMismatch) }
        if wifi.security.needsPassphrase {
            if wifi.passphrase.isEmpty { throw .missingField(key: .wifiPassword) }
            if wifi.passphrase.count < 8 { throw fail(.wifiPassword, .passphraseLength) }
        }
        for (i, a) in keepalive.sockets.enumerated() {
            for b in keepalive.sockets[(i + 1)...] where a.localPort == b.localPort {
                throw fail(BoardKey.sockets[Int(b.slot)], .duplicateLocalPort)
            }
        }
        if let first = filters.first {
            for f in filters where f.action != first.action {
                throw fail(BoardKey.filters[Int(f.id) - 1], .mixedFilterActions)
            }
        }
    }

    /// Whether a pin's kind suits the transport (`.none` always does).
    private func fits(_ pin: Pin) -> Bool {
        switch (pin, transport) {
        case (.none, _): true
        case (.psoc, .sdhc), (.psoc, .udb): true
        case (.gpioLine, .spidev): true
        case (.irq, .chipModel): true
        default: false
        }
    }
}
