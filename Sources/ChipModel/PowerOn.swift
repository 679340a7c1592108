import Runtime

extension ChipModel {
    /// Everything back to the power-on state (WL_REG_ON toggled): bus far sides, F1 registers,
    /// RAM, cores, firmware state, queues and timers. Counters, wake counts, the configured
    /// timing, credit window, air and callbacks are kept.
    func resetToPowerOn() {
        gspi = GSPIRegisters()
        let caps = cccr.cardCapabilitiesRO
        cccr = SDIOCCCR()
        cccr.cardCapabilitiesRO = caps
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
        join.reset()
        plainIoctls = [:]
        forcedWake = false
        pendingWakeReason = nil
        if busSleeping { busSleepAccumulated += now - sleepStarted }
        ksoWakePending = false
        aosDozing = false
        faults = Faults()
        timers.removeAll()
        deferred.removeAll()
        macAddress = initialMACAddress
    }
}
