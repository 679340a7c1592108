import Testing
import Glibc
import CGPIOD
import Runtime
@testable import LinuxPlatform

/// Error paths that need no hardware: missing /dev/spidev, a node that is not spidev,
/// missing gpiochip, the libgpiod version, and the factory's firmware-first check.
@Suite struct DeviceErrorTests {
    @Test func missingSpidevNamesThePathAndTheFix() {
        do {
            _ = try SpidevGSPITransport(path: "/dev/spidev9.9")
            Issue.record("expected an error")
        } catch {
            guard case .open(let path, let e, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "/dev/spidev9.9")
            #expect(e == ENOENT)
            #expect(error.description.contains("/dev/spidev9.9"))
            #expect(error.description.contains("dtparam=spi=on"))
        }
    }

    @Test func aNodeThatIsNotSpidevFailsInConfiguration() {
        // /dev/null accepts open but not the spidev ioctls: ENOTTY.
        do {
            _ = try SpidevGSPITransport(path: "/dev/null")
            Issue.record("expected an error")
        } catch {
            #expect(error == .modeRejected(path: "/dev/null", modeBits: 0, errno: ENOTTY))
        }
        do {
            _ = try SpidevGSPITransport(path: "/dev/null", config: SPIBusConfig(wiring: .threeWire(hiZ: false)))
        } catch {
            #expect(error == .modeRejected(path: "/dev/null", modeBits: 0x10, errno: ENOTTY))
            #expect(error.description.contains("SPI_3WIRE"))
        }
    }

    @Test func missingGpiochipNamesChipLineAndRole() {
        do {
            _ = try HostWakeLine(chip: "/dev/gpiochip-does-not-exist", line: 17, edge: .rising)
            Issue.record("expected an error")
        } catch {
            guard case .request(let chip, let line, let role, let e, _) = error else { Issue.record("\(error)"); return }
            #expect(chip == "/dev/gpiochip-does-not-exist")
            #expect(line == 17)
            #expect(role == "host-wake")
            #expect(e == ENOENT)
            #expect(error.description.contains("gpiodetect"))
        }
        do {
            _ = try GPIOOutputLine(chip: "/dev/gpiochip-does-not-exist", line: 4)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("WL_REG_ON line 4"))
        }
    }

    /// Without libgpiod installed (it is dlopen'ed, not linked) a line request fails with
    /// ELIBACC and the message says what to install.
    @Test func missingLibgpiodSaysWhatToInstall() {
        let e = GPIOError.request(chip: "/dev/gpiochip0", line: 24, role: "host-wake",
                                  errno: Syscalls.gpiodMissingErrno, availableChips: ["/dev/gpiochip0"])
        #expect(Syscalls.gpiodMissingErrno == ELIBACC)
        #expect(e.description.contains("host-wake line 24 on /dev/gpiochip0"))
        #expect(e.description.contains("apt-get install libgpiod2"))
    }

    @Test func libgpiodVersionIsReported() {
        let v = Syscalls.gpiodVersion()
        #expect(!v.isEmpty)
        #expect(Syscalls.gpiodAPIMajor() == (v.hasPrefix("1.") ? 1 : 2))
    }

    @Test func factoryChecksFirmwareBeforeTouchingHardware() {
        let options = LinuxHardwareOptions(spidev: "/dev/spidev9.9", gpiochip: "/dev/gpiochip-none",
                                           hostWakeLine: 5, regOnLine: 6, firmwareFolders: ["/nonexistent"],
                                           firmwareNames: FirmwareNames(firmware: ["no-such.bin"], clm: ["c"], nvram: ["n"]))
        do {
            _ = try LinuxHardware.open(options)
            Issue.record("expected an error")
        } catch {
            guard case .firmware(.missing(let role, let names, let folders)) = error else { Issue.record("\(error)"); return }
            #expect(role == "firmware")
            #expect(names == ["no-such.bin"])
            #expect(folders.first == "/nonexistent")
            // The option the command line has is --firmware (it once said --firmware-dir).
            #expect(error.description.contains("--firmware at the folder"))
            #expect(!error.description.contains("--firmware-dir"))
        }
    }

    @Test func factoryReportsTheMissingSpidevNext() {
        var tmpl = Array("/tmp/hwtest-XXXXXX".utf8CString)
        let dir = tmpl.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for n in ["f.bin", "f.clm_blob", "f.txt"] { let fd = open(dir + "/" + n, O_WRONLY | O_CREAT, 0o644); _ = write(fd, "x", 1); close(fd) }
        let options = LinuxHardwareOptions(spidev: "/dev/spidev9.9", gpiochip: "/dev/gpiochip-none",
                                           hostWakeLine: 5, regOnLine: 6, firmwareFolders: [dir],
                                           firmwareNames: FirmwareNames(firmware: ["f.bin"], clm: ["f.clm_blob"], nvram: ["f.txt"]))
        do {
            _ = try LinuxHardware.open(options)
            Issue.record("expected an error")
        } catch {
            guard case .spi(.open(let path, let e, _)) = error else { Issue.record("\(error)"); return }
            #expect(path == "/dev/spidev9.9" && e == ENOENT)
            #expect(error.description.hasPrefix("SPI: cannot open /dev/spidev9.9"))
        }
    }
}
