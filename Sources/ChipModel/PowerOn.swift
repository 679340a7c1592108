import Runtime

extension ChipModel {
    /// Everything back to the power-on state (WL_REG_ON toggled): bus far sides, F1 registers,
    /// RAM, cores, firmware state, queues and timers. Counters, wake counts, the configured
    /// timing, credit window, air and callbacks are kept.
    func resetToPowerOn() {
        if !f1.kso { busSleepAccumulated += now - sleepStarted }
        gspi = GSPIRegisters()
        let caps = cccr.cardCapabilitiesRO
        cccr = SDIOCCCR()
        cccr.cardCapabilitiesRO = caps
        sdioCard.state = .inactive          // the host must enumerate again (strict mode only)
        f1 = F1Registers()
        memory.clear()
        cores = CoreRegisters()
        armRunning = false
        firmwareRunning = false
        htAvailable = false
        f2Ready = false
        bootError = nil
        firmwareHalted = false
        firmwareSize = 0
        firmwareMarkerFound = false
        nvramSize = 0
        nvram = []
        clmLoaded = false
        clmIdentity = nil
        firmwareIdentity = nil
        clmSize = 0
        clmBuffer = []
        clmStatus = 0
        clmInProgress = false
        toHost = HostQueue()
        rxExpectedSeq = 0
        advertisedMax = 1
        pendingDeliveries = 0
        iovars = IovarStore()
        iovars.installDefaults(profile: profile)
        eventMask = [UInt8](repeating: 0, count: 32)
        isUp = false
        pmMode = 0
        infra = 1
        authMode = 0
        wsec = 0
        wpaAuth = 0
        pmk = []
        pmkIsPassphrase = false
        saePassword = []
        if join.linkUp { air?.associationChanged(station: macAddress, bssid: nil) }
        if join.authorized { for o in offloads { o.linkChanged(up: false, chip: self) } }
        join.reset()
        for o in offloads { o.firmwareReset(chip: self) }
        plainIoctls = [:]
        scanRequest = nil
        pendingWakeReason = nil
        ksoWakePending = false
        aosDozing = false
        faults = Faults()
        timers.removeAll()
        deferred.removeAll()
        macAddress = initialMACAddress
    }
}
